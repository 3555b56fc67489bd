import pytest
from django.urls import reverse

from sources.models import Source
from tactics.choices import Status
from tactics.models import Tactic
from tactics.roles import ensure_roles
from tests.factories import SourceFactory, TacticFactory

pytestmark = pytest.mark.django_db


def _changelist_action(client, action, tactic):
    return client.post(
        reverse("admin:tactics_tactic_changelist"),
        {"action": action, "_selected_action": [tactic.pk]},
    )


def test_roles_are_idempotent(roles):
    counts = {name: group.permissions.count() for name, group in roles.items()}
    again = ensure_roles()
    assert {name: group.permissions.count() for name, group in again.items()} == counts


def test_researcher_cannot_publish_a_tactic(client, researcher):
    draft = TacticFactory(draft=True)
    client.force_login(researcher)
    _changelist_action(client, "publish", draft)
    response = client.post(
        reverse("admin:tactics_tactic_change", args=[draft.pk]), {"status": Status.PUBLISHED}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_researcher_can_read_tactics_and_record_sources(client, researcher):
    tactic = TacticFactory()
    client.force_login(researcher)
    assert client.get(reverse("admin:tactics_tactic_change", args=[tactic.pk])).status_code == 200
    assert client.get(reverse("admin:sources_source_add")).status_code == 200


def test_editor_can_publish_and_mark_reviewed(client, editor):
    draft = TacticFactory(draft=True, last_reviewed=None)
    client.force_login(editor)
    _changelist_action(client, "publish", draft)
    _changelist_action(client, "mark_reviewed", draft)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.last_reviewed is not None


def test_editor_cannot_delete_a_source(client, editor):
    source = SourceFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Source.objects.filter(pk=source.pk).exists()


def test_editor_cannot_change_a_source(client, editor):
    source = SourceFactory(title="Original title")
    client.force_login(editor)
    client.post(reverse("admin:sources_source_change", args=[source.pk]), {"title": "Edited"})
    source.refresh_from_db()
    assert source.title == "Original title"


def test_publish_action_is_not_offered_to_researchers(client, researcher):
    TacticFactory()
    client.force_login(researcher)
    page = client.get(reverse("admin:tactics_tactic_changelist"))
    assert b'value="publish"' not in page.content
    assert Tactic.objects.count() == 1
