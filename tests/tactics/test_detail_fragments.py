"""Stored tactic page parts (tactics/fragments.py): a page built from them is byte for byte
the page a full render gives, after every kind of change, and they are never written from
a staff preview, an open transaction or a render a commit overtook.

Transactional: invalidation runs on commit, as in production, and parts are only stored
outside a transaction.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tactics.choices import Status
from tactics.models import Tactic
from tests.production.test_page_cache_tags import CHANGES, World
from web.page_versions import CLOCK, version_store

pytestmark = pytest.mark.django_db(transaction=True)

# A messages cookie makes the page cache step aside, as for the benchmark's uncached page:
# every request reaches the view, which builds the page from its parts when it can.
BYPASS = {"HTTP_COOKIE": "messages=x"}
# The changes whose effect the tactic page prints (the others may only reach its markup's
# data, or other pages): the page must differ from the one before, so a stale part fails.
VISIBLE_ON_THE_PAGE = set(CHANGES) - {"evidence fields"}


@pytest.fixture(autouse=True)
def parts_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    caches["default"].clear()
    yield
    caches["default"].clear()


def get(client, url):
    """(status, HTML, number of queries) of one visitor request."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **BYPASS)
    return response.status_code, response.content.decode(), len(queries)


def fresh(client, settings, url):
    """A full render that neither reads nor writes parts: the truth to compare with."""
    settings.PAGE_CACHE_ENABLED = False
    try:
        return get(client, url)[1]
    finally:
        settings.PAGE_CACHE_ENABLED = True


def warm(client, url):
    """Render the page once so its parts are stored; prove the next one is built from them."""
    first = get(client, url)
    second = get(client, url)
    assert second[2] == 0, f"{url} was rendered again instead of built from its parts"
    assert first[1] == second[1]
    return second[1]


def test_every_demo_page_from_parts_equals_a_full_render(client, settings):
    call_command("load_demo", verbosity=0)
    tactics = list(Tactic.objects.published())
    assert len(tactics) >= 10
    for tactic in tactics:
        url = tactic.get_absolute_url()
        truth = fresh(client, settings, url)
        _status, cold, cold_queries = get(client, url)
        assert cold_queries > 0
        assert cold == truth, url
        assert warm(client, url) == truth, url


@pytest.mark.parametrize("change_name", CHANGES)
def test_after_each_kind_of_change_the_page_equals_a_fresh_render(client, settings, change_name):
    world = World()
    change, shown_on = CHANGES[change_name]
    pages = {"detail": world.tactic, "neighbour": world.neighbour, "stranger": world.stranger}
    urls = {name: tactic.get_absolute_url() for name, tactic in pages.items()}
    before = {name: warm(client, url) for name, url in urls.items()}
    change(world)
    for name, url in urls.items():
        status, page, queries = get(client, url)
        if change_name == "unpublished" and name == "detail":
            assert status == 404  # never a stored page of a tactic that is now a draft
            continue
        assert page == fresh(client, settings, url), f"{change_name}: {name} is stale"
        if name == "detail" and change_name in VISIBLE_ON_THE_PAGE:
            assert page != before[name], f"{change_name}: the page should show the change"
        if name not in shown_on:
            assert queries == 0, f"{change_name}: {name} was re-rendered for nothing"


def test_a_related_tactic_grade_change_refreshes_the_related_cards(client, settings):
    world = World()
    url = world.tactic.get_absolute_url()
    before = warm(client, url)
    world.neighbour.evidence_score = 3
    world.neighbour.save(update_fields=["evidence_score"])
    _status, page, queries = get(client, url)
    assert page == fresh(client, settings, url)
    assert page != before
    # Only the related cards were rendered again (their ranking and the cards: one or two
    # queries), not the dozen queries of a full render; and they are stored again.
    assert 0 < queries <= 2
    assert get(client, url)[2] == 0


def test_staff_neither_read_nor_write_parts(client, settings):
    world = World()
    url = world.tactic.get_absolute_url()
    staff = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    client.get(url)
    client.get(url)
    world.tactic.status = Status.DRAFT
    world.tactic.save()
    preview = client.get(url)
    assert b"Draft preview" in preview.content
    client.logout()
    assert get(client, url)[0] == 404
    world.tactic.status = Status.PUBLISHED
    world.tactic.save()
    status, page, queries = get(client, url)
    assert status == 200 and queries > 0
    assert b"Draft preview" not in page.encode()


def test_a_page_rendered_inside_a_transaction_is_not_stored(client):
    url = World().tactic.get_absolute_url()
    with transaction.atomic():
        get(client, url)
        get(client, url)
    assert get(client, url)[2] > 0


def test_a_page_a_commit_overtook_is_not_stored(client, monkeypatch):
    url = World().tactic.get_absolute_url()
    from tactics.views import detail

    real = detail.build_detail_context

    def commit_lands_meanwhile(tactic):
        version_store().bump([CLOCK])
        return real(tactic)

    monkeypatch.setattr(detail, "build_detail_context", commit_lands_meanwhile)
    get(client, url)
    monkeypatch.setattr(detail, "build_detail_context", real)
    assert get(client, url)[2] > 0
