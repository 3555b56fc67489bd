"""The gap map in the page cache: stored for anonymous visitors, and refreshed by a change
of a per-platform grade alone (the tactic's own grade and counts unchanged).

These tests commit for real (transactional): invalidation runs on commit, as in production.
"""

import pytest
from django.conf import settings as django_settings
from django.test import override_settings

from scoring.models import PlatformGrade
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from web import page_cache

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/evidence-gaps/"
STATE = page_cache.HEADER
CACHED = [*django_settings.PAGE_CACHE_VIEWS, "overview:gaps"]


@override_settings(PAGE_CACHE_VIEWS=CACHED, PAGE_CACHE_ENABLED=True)
def test_a_platform_only_grade_change_refreshes_the_cached_map(client):
    alpha = PlatformFactory(slug="alpha", name="Alpha", position=1)
    beta = PlatformFactory(slug="beta", name="Beta", position=2)
    tactic = TacticFactory(question="Does a moved study move the map?")
    source = SourceFactory(platforms=[alpha])
    StanceFactory(tactic=tactic, source=source)
    assert PlatformGrade.objects.filter(tactic=tactic, platform=alpha).exists()
    tactic.refresh_from_db()
    grade_before = (tactic.evidence_score, tactic.confidence, tactic.direction)

    client.get(URL)
    assert client.get(URL)[STATE] == "hit"

    # The study turns out to have tested Beta, not Alpha: the tactic's grade and counts
    # stay the same, only which platform has a grade changes.
    source.platforms.set([beta])
    tactic.refresh_from_db()
    assert (tactic.evidence_score, tactic.confidence, tactic.direction) == grade_before
    assert list(
        PlatformGrade.objects.filter(tactic=tactic).values_list("platform__slug", flat=True)
    ) == ["beta"]

    after = client.get(URL)
    assert after[STATE] == "miss"
    cells = after.content.decode()
    assert 'data-label="Beta" class="gaps-table__cell"' in cells
    assert 'data-label="Alpha" class="gaps-table__cell gaps-table__cell--empty"' in cells
