"""Stored parts of the source library (sources/views.py, web/stored_parts.py): for a
visitor the page cache steps aside for, the library built from its stored part is byte for
byte a full render, after every kind of change, and costs no query while nothing it shows
has moved.

Transactional: invalidation runs on commit, as in production, and parts are only stored
outside a transaction.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.choices import Position, WithdrawalReason
from sources.withdrawal import withdraw
from tactics.choices import Status
from tests.factories import StanceFactory
from tests.production.test_page_cache_tags import CHANGES, World
from web.page_versions import CLOCK, version_store

pytestmark = pytest.mark.django_db(transaction=True)

# A messages cookie makes the page cache step aside: every request reaches the view.
BYPASS = {"HTTP_COOKIE": "messages=x"}
LIBRARY = reverse("sources:list")
# The library's own page, a filtered page and a page past the end (its note in words).
ADDRESSES = [LIBRARY, f"{LIBRARY}?source_type=peer_reviewed&year=2025", f"{LIBRARY}?page=9"]


@pytest.fixture(autouse=True)
def parts_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    caches["default"].clear()
    yield
    caches["default"].clear()


def get(client, url):
    """(HTML, number of queries) of one visitor request the page cache does not answer."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **BYPASS)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def fresh(client, settings, url):
    settings.PAGE_CACHE_ENABLED = False
    try:
        return get(client, url)[0]
    finally:
        settings.PAGE_CACHE_ENABLED = True


def test_the_library_from_its_part_equals_a_full_render(client, settings):
    world = World()
    pages = {}
    for url in ADDRESSES:
        truth = pages[url] = fresh(client, settings, url)
        cold, cold_queries = get(client, url)
        warm, warm_queries = get(client, url)
        assert cold_queries > 0
        assert (cold, warm) == (truth, truth), url
        assert warm_queries == 0, f"{url} was rendered again instead of read from its part"
    assert world.edited_stance.source.title in pages[LIBRARY]
    assert "There is no page 9" in pages[f"{LIBRARY}?page=9"]


@pytest.mark.parametrize("change_name", CHANGES)
def test_after_each_kind_of_change_the_library_equals_a_fresh_render(client, settings, change_name):
    world = World()
    change, shown_on = CHANGES[change_name]
    get(client, LIBRARY)
    before, _queries = get(client, LIBRARY)
    change(world)
    page, queries = get(client, LIBRARY)
    assert page == fresh(client, settings, LIBRARY), f"{change_name}: the library is stale"
    if "sources:list" not in shown_on:
        assert queries == 0, f"{change_name}: the library was rendered again for nothing"
    elif change_name in ("source title", "organisation"):
        assert page != before, f"{change_name}: the library should show the change"


def test_a_stance_that_moves_an_outcome_refreshes_the_library_counts(client, settings):
    world = World()
    get(client, LIBRARY)
    before, _queries = get(client, LIBRARY)
    world.kept_stance.delete()
    page, queries = get(client, LIBRARY)
    assert queries > 0
    assert page != before
    assert page == fresh(client, settings, LIBRARY)


def test_tracking_parameters_never_make_parts(client):
    World()
    get(client, f"{LIBRARY}?utm_source=newsletter")
    _page, queries = get(client, f"{LIBRARY}?utm_source=newsletter")
    assert queries > 0
    _page, queries = get(client, f"{LIBRARY}?utm_source=another")
    assert queries > 0


def test_staff_neither_read_nor_write_parts(client):
    World()
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    client.get(LIBRARY)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIBRARY)
    assert len(queries) > 2  # a full render, not a stored part
    client.logout()
    assert get(client, LIBRARY)[1] > 0


def test_a_library_rendered_inside_a_transaction_is_not_stored(client):
    World()
    with transaction.atomic():
        get(client, LIBRARY)
        get(client, LIBRARY)
    assert get(client, LIBRARY)[1] > 0


def test_a_library_a_commit_overtook_is_not_stored(client, monkeypatch):
    World()
    from sources import views

    real = views.count_stances

    def commit_lands_meanwhile(sources):
        version_store().bump([CLOCK])
        return real(sources)

    monkeypatch.setattr(views, "count_stances", commit_lands_meanwhile)
    get(client, LIBRARY)
    monkeypatch.setattr(views, "count_stances", real)
    assert get(client, LIBRARY)[1] > 0


def counted(client, url):
    """(HTML, whether the library was counted again) of one visitor request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **BYPASS)
    return response.content.decode(), any('"__count"' in q["sql"] for q in queries)


def test_an_outcome_edit_re_renders_the_library_without_counting_it_again(client, settings):
    world = World()
    get(client, LIBRARY)
    before, _queries = get(client, LIBRARY)
    world.edited_stance.position = Position.IMPROVES
    world.edited_stance.save()
    page, recounted = counted(client, LIBRARY)
    assert not recounted
    assert page != before  # the source's summary now says "improves"
    assert page == fresh(client, settings, LIBRARY)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda w: w.other_stance.delete(), id="stance deleted"),
        pytest.param(lambda w: _withdraw(w.kept_stance), id="stance withdrawn"),
        pytest.param(lambda w: _unpublish(w.tactic), id="tactic unpublished"),
        pytest.param(lambda w: _withdraw(w.kept_stance.source), id="source withdrawn"),
    ],
)
def test_a_change_of_who_is_in_the_library_counts_it_again(client, settings, change):
    world = World()
    get(client, LIBRARY)
    change(world)
    page, recounted = counted(client, LIBRARY)
    assert recounted
    assert page == fresh(client, settings, LIBRARY)


def test_an_outcome_filter_is_counted_again_when_an_outcome_moves(client, settings):
    world = World()
    url = f"{LIBRARY}?stance=no_effect"
    get(client, url)
    world.edited_stance.position = Position.IMPROVES
    world.edited_stance.save()
    page, recounted = counted(client, url)
    assert recounted
    assert page == fresh(client, settings, url)
    assert "0 sources" in page


def _withdraw(row):
    withdraw(row, reason=WithdrawalReason.RETRACTED, note="The authors retracted it.")


def _unpublish(tactic):
    tactic.status = Status.DRAFT
    tactic.save()


def counts_the_library(client, url):
    """(HTML, whether the request counted the library's sources)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **BYPASS)
    sql = [q["sql"] for q in queries]
    return response.content.decode(), any("COUNT(*)" in s and '"sources_source"' in s for s in sql)


def test_the_home_page_shares_the_library_count_until_who_is_in_it_moves(client, settings):
    world = World()
    home = reverse("home")
    get(client, LIBRARY)  # counts the library once
    page, counted_again = counts_the_library(client, home)
    assert not counted_again
    world.edited_stance.position = Position.IMPROVES
    world.edited_stance.save()
    page, counted_again = counts_the_library(client, home)
    assert not counted_again
    StanceFactory(tactic=world.tactic)  # a new source joins the library
    page, counted_again = counts_the_library(client, home)
    assert counted_again
    assert page == fresh(client, settings, home)
