"""The compare page in the page cache: stored for anonymous visitors under its filters and
order, and refreshed by what it shows changing: a tactic's effort (an editor's save) and a
per-platform grade moving while the tactic's own grade stays the same.

These tests commit for real (transactional): invalidation runs on commit, as in production.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tactics.choices import Effort
from tests.factories import PlatformFactory, SourceFactory, StanceFactory, TacticFactory
from web import page_cache

from .test_compare_support import URL

pytestmark = pytest.mark.django_db(transaction=True)

STATE = page_cache.HEADER


@pytest.fixture(autouse=True)
def own_page_cache(settings, tmp_path):
    """A page cache of this test's own: with the shared version file, another test run
    on the machine bumping a tag would turn an expected hit into a miss."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    cache.clear()
    yield
    cache.clear()


@override_settings(PAGE_CACHE_ENABLED=True)
def test_an_effort_edit_refreshes_the_cached_comparison(client):
    tactic = TacticFactory(question="Does a cheap change pay?", effort=Effort.PROGRAMME)
    assert client.get(URL)[STATE] == "miss"
    assert client.get(URL)[STATE] == "hit"

    tactic.effort = Effort.TEMPLATE
    tactic.save()

    response = client.get(URL)
    assert response[STATE] == "miss"
    assert '<td data-col="effort">A template change</td>' in response.content.decode()


@override_settings(PAGE_CACHE_ENABLED=True)
def test_each_order_and_filter_is_its_own_cached_page(client):
    TacticFactory(question="A: does it work?", effort=Effort.TEMPLATE)
    TacticFactory(question="B: does it work?", effort=Effort.PROGRAMME)
    client.get(f"{URL}?order=title")
    reverse = client.get(f"{URL}?order=-title")
    assert reverse[STATE] == "miss"
    html = reverse.content.decode()
    assert html.index("B: does it work?") < html.index("A: does it work?")
    assert client.get(f"{URL}?order=-title&utm_source=x")[STATE] == "hit"


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_platform_only_grade_change_refreshes_the_cached_comparison(client):
    alpha = PlatformFactory(slug="alpha", name="Alpha", position=1)
    beta = PlatformFactory(slug="beta", name="Beta", position=2)
    tactic = TacticFactory(question="Does a moved study move the table?")
    source = SourceFactory(platforms=[alpha])
    StanceFactory(tactic=tactic, source=source)
    tactic.refresh_from_db()
    grade_before = (tactic.evidence_score, tactic.confidence, tactic.direction)
    assert ">Alpha<" in client.get(URL).content.decode()
    assert client.get(URL)[STATE] == "hit"

    # The study turns out to have tested Beta, not Alpha: only the platform columns move.
    source.platforms.set([beta])
    tactic.refresh_from_db()
    assert (tactic.evidence_score, tactic.confidence, tactic.direction) == grade_before

    response = client.get(URL)
    assert response[STATE] == "miss"
    html = response.content.decode()
    assert ">Beta<" in html and ">Alpha<" not in html
