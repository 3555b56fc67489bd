"""The whole-page cache: hits without SQL, exact invalidation, and who never shares a page.

These tests commit for real (transactional): the cache refuses pages rendered inside an
open transaction, and invalidation runs on commit, as in production.
"""

import gzip
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.signals import template_rendered
from django.urls import reverse

from sources.choices import Position
from tactics.choices import Status
from tests.factories import (
    KeyFindingFactory,
    PlatformFactory,
    SourceFactory,
    TacticFactory,
    tactic_with_evidence,
)
from web import page_cache, page_versions
from web.page_versions import CLOCK, SITE

pytestmark = pytest.mark.django_db(transaction=True)

STATE = page_cache.HEADER


@pytest.fixture
def tactic():
    platform = PlatformFactory(slug="perplexity", name="Perplexity")
    return tactic_with_evidence(
        supporting=2, contradicting=1, platforms=[platform], slug="statistics"
    )


def fresh_render(client, settings, url):
    """What the page says when nothing is cached: the truth to compare a cached page with."""
    settings.PAGE_CACHE_ENABLED = False
    try:
        return client.get(url)
    finally:
        settings.PAGE_CACHE_ENABLED = True


def test_second_anonymous_view_is_served_from_the_cache_without_sql(
    client, tactic, django_assert_num_queries
):
    url = tactic.get_absolute_url()
    templates = []

    def rendered(sender, template, **kwargs):
        templates.append(template.name)

    template_rendered.connect(rendered)
    try:
        first = client.get(url)
        assert first.status_code == 200
        assert first[STATE] == "miss"
        assert templates  # the miss rendered the page
        templates.clear()

        with django_assert_num_queries(0):
            second = client.get(url)
    finally:
        template_rendered.disconnect(rendered)

    assert second[STATE] == "hit"
    assert templates == []  # no template either: finished bytes from the cache
    assert second.content == first.content
    for header in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "ETag"):
        assert second[header] == first[header]


@pytest.mark.parametrize(
    "url_name", ["home", "tactics:list", "sources:list", "sitemap", "llms_txt", "feed"]
)
def test_home_lists_and_crawler_files_are_cached_too(client, tactic, url_name):
    url = reverse(url_name)
    assert client.get(url)[STATE] == "miss"
    assert client.get(url)[STATE] == "hit"


def test_each_query_string_of_the_list_is_its_own_page(client, tactic):
    plain = client.get("/tactics/")
    filtered = client.get("/tactics/?q=nothing-matches-this")
    assert filtered[STATE] == "miss"
    assert client.get("/tactics/?q=nothing-matches-this").content == filtered.content
    assert client.get("/tactics/").content == plain.content


def test_saving_a_source_shows_its_new_title_on_the_next_view(client, tactic, settings):
    url = tactic.get_absolute_url()
    client.get(url)
    assert client.get(url)[STATE] == "hit"
    source = tactic.stances.first().source

    source.title = "A renamed study of citation rates"
    source.save()

    again = client.get(url)
    assert again[STATE] == "miss"
    assert "A renamed study of citation rates" in again.content.decode()
    assert again.content == fresh_render(client, settings, url).content


def _rename_tactic(tactic):
    tactic.question = "Does a renamed question show at once?"
    tactic.save()


def test_the_scoring_engines_bulk_path_invalidates_through_its_signal(client, settings, tactic):
    from scoring.services import recompute_tactics
    from sources.models import Stance

    url = tactic.get_absolute_url()
    client.get(url)
    assert client.get(url)[STATE] == "hit"

    # A bulk change that sends no model signal, then the bulk recompute the engine's
    # docstring prescribes: the recompute's evidence_changed signal invalidates its tags.
    Stance.objects.filter(tactic=tactic).update(position=Position.NO_EFFECT)
    recompute_tactics([tactic.pk])

    after = client.get(url)
    assert after[STATE] == "miss"
    assert after.content == fresh_render(client, settings, url).content


def test_other_bulk_writes_call_invalidate(client, tactic):
    from sources.models import Source

    url = tactic.get_absolute_url()
    client.get(url)
    Source.objects.update(title="Renamed in bulk")
    assert client.get(url)[STATE] == "hit"  # no signal: the cache cannot know
    page_cache.invalidate()  # no tags: every page
    assert b"Renamed in bulk" in client.get(url).content


def test_unpublishing_a_tactic_removes_its_cached_page_at_once(client, tactic):
    url = tactic.get_absolute_url()
    client.get(url)
    assert client.get(url)[STATE] == "hit"

    tactic.status = Status.DRAFT
    tactic.save()

    assert client.get(url).status_code == 404


def test_drafts_are_never_stored(client, admin_client):
    draft = TacticFactory(status=Status.DRAFT)
    url = draft.get_absolute_url()
    preview = admin_client.get(url)
    assert preview.status_code == 200
    assert preview[STATE] == "pass"
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_staff_neither_get_nor_fill_the_cache(client, admin_client, admin_user, tactic):
    url = tactic.get_absolute_url()
    staff_view = admin_client.get(url)
    assert staff_view[STATE] == "pass"
    assert "private" in staff_view["Cache-Control"]
    assert client.get(url)[STATE] == "miss"  # the staff render was not stored

    assert client.get(url)[STATE] == "hit"
    assert admin_client.get(url)[STATE] == "pass"  # and staff never get the shared copy


def test_a_rolled_back_transaction_invalidates_nothing(tactic):
    store = page_cache.version_store()
    tags = [f"tactic:{tactic.pk}", "source-list", CLOCK]
    before = store.read(tags)
    with pytest.raises(RuntimeError), transaction.atomic():
        SourceFactory(title="Never committed")
        _rename_tactic(tactic)
        raise RuntimeError("roll back")
    assert store.read(tags) == before


def test_many_saves_in_one_transaction_invalidate_once_on_commit(tactic, monkeypatch):
    bumps = []
    monkeypatch.setattr(page_versions.FileVersions, "bump", lambda self, tags: bumps.append(tags))
    with transaction.atomic():
        for number in range(5):
            SourceFactory(title=f"Bulk {number}")
        with transaction.atomic():
            _rename_tactic(tactic)
        assert bumps == []
    assert bumps[0] == [CLOCK]  # the clock first (page_versions.py says why), then the tags
    assert f"tactic:{tactic.pk}" in bumps[1] and "source-list" in bumps[1]
    assert len(bumps) == 2


def test_a_savepoint_rolled_back_first_does_not_lose_the_rest(client, tactic):
    url = tactic.get_absolute_url()
    client.get(url)
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            SourceFactory(title="Rolled back")
            raise RuntimeError("roll back the savepoint")
        _rename_tactic(tactic)
    assert b"renamed question" in client.get(url).content


def test_migrate_and_flush_empty_the_cache(tactic):
    """Data migrations change content without model signals; flush empties every table."""
    store = page_cache.version_store()
    before = store.read([SITE])
    call_command("flush", interactive=False, verbosity=0)
    assert store.read([SITE])[SITE] > before[SITE]


def test_a_bump_from_another_process_invalidates_this_ones_pages(client, tactic, settings):
    """Each gunicorn worker has its own local-memory cache; the version files are shared."""
    url = tactic.get_absolute_url()
    client.get(url)
    assert client.get(url)[STATE] == "hit"

    code = (
        "import sys; from web.page_versions import FileVersions; "
        "FileVersions(sys.argv[1]).bump([sys.argv[2]])"
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, settings.PAGE_CACHE_VERSION_FILE, f"tactic:{tactic.pk}"],
        check=True,
    )

    assert client.get(url)[STATE] == "miss"


def test_a_page_rendered_while_a_commit_lands_is_not_stored(client, tactic, monkeypatch):
    """The commit may have come after the view's queries: storing the page could keep it
    stale. It is served, marked private, and the next request renders it again."""
    from tactics.views import detail

    render = detail.render

    def render_then_commit(*args, **kwargs):
        response = render(*args, **kwargs)
        page_cache.invalidate({"source-list"})  # someone else's save, mid-render
        return response

    monkeypatch.setattr(detail, "render", render_then_commit)
    url = tactic.get_absolute_url()
    response = client.get(url)
    assert response[STATE] == "pass"
    assert "private" in response["Cache-Control"]
    monkeypatch.setattr(detail, "render", render)
    assert client.get(url)[STATE] == "miss"
    assert client.get(url)[STATE] == "hit"


def test_pages_rendered_inside_a_transaction_are_not_stored(client, tactic):
    url = tactic.get_absolute_url()
    with transaction.atomic():
        assert client.get(url)[STATE] == "pass"
    assert client.get(url)[STATE] == "miss"


class TestWhatIsNeverStored:
    @pytest.fixture(autouse=True)
    def test_views(self, settings):
        settings.ROOT_URLCONF = "tests.production.urls"
        settings.PAGE_CACHE_VIEWS = ["sets_cookie", "varies", "nonce", "plain"]

    def test_a_plain_page_is(self, client):
        assert client.get("/test/plain/")[STATE] == "miss"
        assert client.get("/test/plain/")[STATE] == "hit"

    @pytest.mark.parametrize("url", ["/test/sets-cookie/", "/test/varies/", "/test/nonce/"])
    def test_set_cookie_foreign_vary_or_a_csp_nonce(self, client, url):
        assert client.get(url)[STATE] == "pass"
        assert client.get(url)[STATE] == "pass"

    def test_nor_for_a_visitor_with_a_session_or_messages_cookie(self, client, settings):
        for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
            client.cookies.clear()
            client.cookies[cookie] = "something"
            assert client.get("/test/plain/")[STATE] == "pass"
        client.cookies.clear()
        assert client.get("/test/plain/")[STATE] == "miss"

    def test_nor_posts(self, client):
        assert client.post("/test/plain/").has_header(STATE) is False
        assert client.get("/test/plain/")[STATE] == "miss"


class TestConditionalRequests:
    def test_a_tactic_page_answers_its_etag_with_304(self, client, tactic):
        url = tactic.get_absolute_url()
        first = client.get(url)
        etag = first["ETag"]
        assert etag

        cached = client.get(url, headers={"If-None-Match": etag})
        assert cached.status_code == 304
        assert cached["ETag"] == etag
        assert cached.content == b""

    def test_a_miss_answers_304_too(self, client, tactic):
        url = tactic.get_absolute_url()
        etag = client.get(url)["ETag"]
        client.cookies.clear()
        tactic.stances.first().source.save()  # new version: the next view is a miss
        response = client.get(url, headers={"If-None-Match": etag})
        assert response[STATE] == "miss"
        assert response.status_code == 304

    def test_a_changed_page_gets_a_new_etag_and_full_body(self, client, tactic):
        url = tactic.get_absolute_url()
        etag = client.get(url)["ETag"]
        _rename_tactic(tactic)
        response = client.get(url, headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag
        assert b"renamed question" in response.content

    def test_staff_get_304s_on_their_own_view(self, admin_client, tactic):
        url = tactic.get_absolute_url()
        etag = admin_client.get(url)["ETag"]
        assert admin_client.get(url, headers={"If-None-Match": etag}).status_code == 304


class TestSharedRedisCache:
    """With REDIS_URL the pages and the tag versions live in Redis, shared by every worker."""

    @pytest.fixture(autouse=True)
    def redis_cache(self, settings, redis_url):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
            }
        }

    def test_hit_then_exact_invalidation(self, client, tactic, django_assert_num_queries):
        assert isinstance(page_cache.version_store(), page_versions.CacheVersions)
        url = tactic.get_absolute_url()
        client.get(url)
        with django_assert_num_queries(0):
            assert client.get(url)[STATE] == "hit"
        _rename_tactic(tactic)
        assert b"renamed question" in client.get(url).content

    def test_a_page_one_worker_rendered_serves_another(self, client, tactic, redis_url):
        """Another process (a second worker) finds the page this one stored."""
        url = tactic.get_absolute_url()
        assert client.get(url)[STATE] == "miss"
        code = (
            "import django, os, sys\n"
            "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.test_settings'\n"
            "django.setup()\n"
            "from django.conf import settings\n"
            "from django.core.cache import caches\n"
            "settings.CACHES = {'default': {'BACKEND': "
            "'django.core.cache.backends.redis.RedisCache', 'LOCATION': sys.argv[1]}}\n"
            "from web.page_versions import version_store\n"
            "version_store().bump(['clock', sys.argv[2]])\n"
        )
        # The other worker invalidates the tactic: this one's next view is a miss.
        subprocess.run(  # noqa: S603
            [sys.executable, "-c", code, redis_url, f"tactic:{tactic.pk}"], check=True
        )
        assert client.get(url)[STATE] == "miss"
        assert client.get(url)[STATE] == "hit"

    def test_an_evicted_tag_never_revives_old_pages(self, client, tactic):
        from django.core.cache import cache

        url = tactic.get_absolute_url()
        client.get(url)
        cache.delete(f"{page_versions.CacheVersions.prefix}tactic:{tactic.pk}")
        assert client.get(url)[STATE] == "miss"

    def test_unaffected_pages_stay_cached(self, client, tactic):
        other = TacticFactory(question="Unrelated?")
        urls = [tactic.get_absolute_url(), other.get_absolute_url()]
        for url in urls:
            client.get(url)
        KeyFindingFactory(tactic=tactic, text="A new key finding.")
        assert client.get(urls[0])[STATE] == "miss"
        assert client.get(urls[1])[STATE] == "hit"


class TestCompression:
    def test_browsers_get_the_cached_page_gzipped_with_its_own_etag(self, client, tactic):
        url = tactic.get_absolute_url()
        plain = client.get(url)
        zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})

        assert zipped[STATE] == "hit"
        assert zipped["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.content) == plain.content
        assert len(zipped.content) < len(plain.content) / 3
        assert int(zipped["Content-Length"]) == len(zipped.content)
        assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
        assert zipped["ETag"] != plain["ETag"]

        again = client.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]}
        )
        assert again.status_code == 304

    def test_clients_without_gzip_get_identity(self, client, tactic):
        url = tactic.get_absolute_url()
        client.get(url, headers={"Accept-Encoding": "gzip"})
        response = client.get(url, headers={"Accept-Encoding": "identity"})
        assert response[STATE] == "hit"
        assert not response.has_header("Content-Encoding")
        assert response.content.startswith(b"<!doctype html>")

    def test_staff_get_their_uncached_view_gzipped_too(self, admin_client, tactic):
        url = tactic.get_absolute_url()
        zipped = admin_client.get(url, headers={"Accept-Encoding": "gzip"})

        assert zipped[STATE] == "pass"
        assert zipped["Content-Encoding"] == "gzip"
        page = gzip.decompress(zipped.content)
        assert tactic.question.encode() in page
        assert len(zipped.content) < len(page) / 3
        # The compressed copy's ETag is weak, and still answers the browser's revalidation.
        assert zipped["ETag"].startswith("W/")
        again = admin_client.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]}
        )
        assert again.status_code == 304
