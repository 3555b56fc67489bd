"""dumpdata then loaddata keeps a source's history as it was (docs/production.md says why it
is still no backup). Loading Source.platforms used to fire the history m2m handler, whose
new rows collided with the fixture's own history ids."""

import pytest
from django.core.management import call_command

from sources.models import Source
from tests.factories import PlatformFactory, SourceFactory

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ["sources", "tactics"]


def test_a_dump_with_history_and_platform_links_loads_back_whole(tmp_path):
    platforms = PlatformFactory.create_batch(2)
    source = SourceFactory(method="observational")
    source.platforms.set(platforms)
    source.method = "controlled"
    source.save()
    history_before = list(Source.history.order_by("history_id").values_list("history_id", "method"))
    path = tmp_path / "dump.json"
    call_command("dumpdata", *APPS, format="json", output=str(path))

    call_command("flush", interactive=False)
    call_command("loaddata", str(path), verbosity=0)

    restored = Source.objects.get(pk=source.pk)
    assert set(restored.platforms.values_list("pk", flat=True)) == {p.pk for p in platforms}
    assert (
        list(Source.history.order_by("history_id").values_list("history_id", "method"))
        == history_before
    )
