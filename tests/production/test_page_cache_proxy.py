"""What a key is made of, and the contract with a reverse proxy: Cache-Control, the xkey
header, and PURGE with xkey-purge after a commit."""

import http.server
import threading

import pytest
from django.core.cache import caches
from django.core.management import call_command

from tests.factories import KeyFindingFactory, tactic_with_evidence
from web import page_cache, page_purge
from web.page_versions import SITE

pytestmark = pytest.mark.django_db(transaction=True)

STATE = page_cache.HEADER
TRACKING = "utm_source=x&utm_medium=social&fbclid=abc&gclid=def&ref=zzz&random123=1"


@pytest.fixture
def tactic():
    return tactic_with_evidence(supporting=2, contradicting=1, slug="statistics")


def _entries():
    return len(caches["default"]._cache)


class TestKeys:
    @pytest.mark.parametrize("path", ["detail", "/", "/llms.txt", "/sitemap.xml", "/feed.atom"])
    def test_tracking_and_unknown_parameters_create_no_entry(self, client, tactic, path):
        url = tactic.get_absolute_url() if path == "detail" else path
        assert client.get(url)[STATE] == "miss"
        entries = _entries()
        for query in (TRACKING, "utm_campaign=spring", "fbclid=1", "gclid=2", "xyz=3"):
            assert client.get(f"{url}?{query}")[STATE] == "hit"
        assert _entries() == entries

    def test_the_list_keys_on_its_filters_and_page_only(self, client, tactic):
        assert client.get("/tactics/?confidence=high")[STATE] == "miss"
        tracked = client.get(f"/tactics/?{TRACKING}&confidence=high")
        assert tracked[STATE] == "hit"
        assert b"utm_source" not in tracked.content  # never echoed into the page's links
        assert client.get("/tactics/?confidence=low")[STATE] == "miss"
        assert client.get("/tactics/?page=2")[STATE] == "miss"

    def test_the_order_of_parameters_makes_no_new_entry(self, client, tactic):
        assert client.get("/tactics/?confidence=high&direction=improves")[STATE] == "miss"
        assert client.get("/tactics/?direction=improves&confidence=high")[STATE] == "hit"

    def test_the_library_keys_on_its_filters_and_page_only(self, client, tactic):
        assert client.get("/sources/?stance=improves")[STATE] == "miss"
        assert client.get(f"/sources/?stance=improves&{TRACKING}")[STATE] == "hit"
        assert client.get("/sources/?page=2")[STATE] == "miss"


class TestProxyHeaders:
    def test_a_cached_page_is_public_for_shared_caches_with_its_tags(
        self, client, tactic, settings
    ):
        settings.PAGE_CACHE_PROXY_SECONDS = 3600
        response = client.get(tactic.get_absolute_url())
        controls = {part.strip() for part in response["Cache-Control"].split(",")}
        assert controls == {"public", "max-age=0", "s-maxage=3600"}
        tags = response["xkey"].split()
        source = tactic.stances.first().source
        assert {f"tactic:{tactic.pk}", f"source:{source.pk}", "site"} <= set(tags)
        hit = client.get(tactic.get_absolute_url())
        assert hit[STATE] == "hit" and hit["xkey"] == response["xkey"]
        assert hit["Cache-Control"] == response["Cache-Control"]

    def test_list_pages_carry_the_list_tag(self, client, tactic):
        assert "tactic-list" in client.get("/tactics/")["xkey"].split()
        assert "source-list" in client.get("/sources/")["xkey"].split()

    @pytest.mark.parametrize("cookie", ["sessionid", "messages"])
    def test_never_public_with_a_session_or_messages_cookie(self, client, tactic, cookie):
        client.cookies[cookie] = "something"
        response = client.get(tactic.get_absolute_url())
        assert "public" not in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        assert not response.has_header("xkey")

    def test_never_public_for_staff_or_their_previews(self, admin_client, tactic):
        tactic.status = "draft"
        tactic.save()
        preview = admin_client.get(tactic.get_absolute_url())
        assert preview.status_code == 200
        assert "public" not in preview["Cache-Control"]
        assert not preview.has_header("xkey")

    def test_errors_are_never_stored_by_a_shared_cache(self, client, db):
        response = client.get("/tactics/no-such-tactic/")
        assert response.status_code == 404
        assert "no-store" in response["Cache-Control"]
        assert not response.has_header("xkey")


@pytest.fixture
def purged():
    sent = []
    previous = page_purge.set_purger(lambda tags: sent.append(set(tags)))
    yield sent
    page_purge.set_purger(previous)


class TestPurge:
    def test_a_commit_purges_the_tags_it_invalidated(self, settings, tactic, purged):
        settings.PAGE_CACHE_PURGE_URLS = ["http://varnish:80"]
        purged.clear()
        KeyFindingFactory(tactic=tactic, text="A new key finding.")
        assert purged == [{f"tactic:{tactic.pk}"}]

    def test_a_migrate_or_flush_purges_everything_once(self, settings, tactic, purged):
        """Every app gets post_migrate; a deploy's migrate must not purge once per app."""
        settings.PAGE_CACHE_PURGE_URLS = ["http://varnish:80"]
        purged.clear()
        call_command("flush", interactive=False, verbosity=0)
        assert purged == [{SITE}]

    def test_nothing_is_sent_without_purge_urls(self, settings, tactic, purged):
        settings.PAGE_CACHE_PURGE_URLS = []
        KeyFindingFactory(tactic=tactic, text="A new key finding.")
        assert purged == []

    def test_a_real_purge_request_reaches_the_proxy(self, settings, tactic):
        received = []

        class Proxy(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802 (the method's name)
                received.append((self.path, self.headers["xkey-purge"]))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Proxy)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            settings.PAGE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}"]
            KeyFindingFactory(tactic=tactic, text="A new key finding.")
        finally:
            server.shutdown()
        assert received == [("/", f"tactic:{tactic.pk}")]

    def test_an_unreachable_proxy_never_fails_the_save(self, settings, tactic, caplog):
        from tests.production.servers import free_port

        settings.PAGE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{free_port()}"]
        finding = KeyFindingFactory(tactic=tactic, text="Saved all the same.")
        assert finding.pk is not None
        assert "Could not purge" in caplog.text

    def test_long_tag_lists_are_split_under_the_proxys_header_limit(self):
        tags = {f"summary:{number}" for number in range(2000)}
        chunks = list(page_purge._chunks(tags))
        assert len(chunks) > 1
        assert all(len(" ".join(chunk)) <= page_purge.MAX_HEADER for chunk in chunks)
        assert set().union(*chunks) == tags
