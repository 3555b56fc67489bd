"""/sitemap.xml is a sitemap index: one section each for tactics, sources and the site's
own pages, each paginated under the protocol's 50,000 URLs, every URL and every section
with its last-modified date, and all of it served from the page cache until an edit
changes what it lists."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405  (parses our own responses)

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from tests.factories import SourceFactory, StanceFactory, TacticFactory
from web import crawlers, page_cache

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "http://testserver"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314


def index_entries(client):
    """[(loc, lastmod)] of the sections the index lists, in its order."""
    root = parse(client.get(reverse("sitemap")))
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [
        (node.findtext("s:loc", namespaces=NS), node.findtext("s:lastmod", namespaces=NS))
        for node in root.findall("s:sitemap", NS)
    ]


def section(client, url):
    """{loc: lastmod} of one section page (an absolute URL from the index)."""
    root = parse(client.get(url.removeprefix(BASE)))
    return {
        node.findtext("s:loc", namespaces=NS): node.findtext("s:lastmod", namespaces=NS)
        for node in root.findall("s:url", NS)
    }


def section_url(name, page=1):
    url = BASE + reverse("sitemap_section", kwargs={"section": name})
    return url if page == 1 else f"{url}?p={page}"


@pytest.fixture
def site(db):
    first = TacticFactory(slug="alpha")
    second = TacticFactory(slug="beta")
    draft = TacticFactory(slug="secret-draft", draft=True)
    public = SourceFactory(title="Public study")
    draft_only = SourceFactory(title="Only a draft cites this")
    StanceFactory(tactic=first, source=public)
    StanceFactory(tactic=second, source=SourceFactory(title="Second study"))
    StanceFactory(tactic=draft, source=draft_only)
    return locals()


def iso(moment):
    return moment.date().isoformat()


class TestIndex:
    def test_lists_every_section_with_its_lastmod(self, client, site):
        entries = dict(index_entries(client))
        assert set(entries) == {section_url(name) for name in crawlers.SITEMAPS}
        newest_tactic = max(site["first"].updated_at, site["second"].updated_at)
        # The index gives a full W3C datetime, the URLs a date.
        assert datetime.datetime.fromisoformat(entries[section_url("tactics")]) == newest_tactic
        assert entries[section_url("sources")]
        assert entries[section_url("pages")]

    def test_is_the_address_robots_and_llms_name(self, client, site):
        assert f"Sitemap: {BASE}/sitemap.xml" in client.get(reverse("robots_txt")).content.decode()
        assert reverse("sitemap") == "/sitemap.xml"


class TestSections:
    def test_tactics_are_the_published_ones_each_with_its_date(self, client, site):
        entries = section(client, section_url("tactics"))
        assert entries == {
            BASE + site["first"].get_absolute_url(): iso(site["first"].updated_at),
            BASE + site["second"].get_absolute_url(): iso(site["second"].updated_at),
        }

    def test_sources_are_the_public_ones_each_with_its_date(self, client, site):
        entries = section(client, section_url("sources"))
        public = [site["public"], site["draft_only"].__class__.objects.get(title="Second study")]
        assert entries == {BASE + s.get_absolute_url(): iso(s.updated_at) for s in public}
        assert BASE + site["draft_only"].get_absolute_url() not in entries

    def test_pages_carry_the_newest_tactic_change_or_no_date(self, client, site):
        entries = section(client, section_url("pages"))
        newest = iso(max(site["first"].updated_at, site["second"].updated_at))
        assert entries[BASE + reverse("home")] == newest
        assert entries[BASE + reverse("tactics:list")] == newest
        assert entries[BASE + reverse("overview:compare")] == newest
        assert entries[BASE + reverse("overview:gaps")] == newest
        assert entries[BASE + reverse("opendata:index")] == newest
        assert entries[BASE + reverse("sources:list")]
        assert entries[BASE + reverse("scoring:methodology")] is None
        assert entries[BASE + reverse("corrections:log")] is None

    def test_unknown_section_is_not_found(self, client, site):
        assert client.get("/sitemap-drafts.xml").status_code == 404


class TestPagination:
    def test_a_section_past_its_limit_splits_into_pages(self, client, site, monkeypatch):
        monkeypatch.setattr(crawlers.TacticSitemap, "limit", 1)
        locs = [loc for loc, _lastmod in index_entries(client)]
        assert section_url("tactics") in locs and section_url("tactics", 2) in locs
        assert section_url("tactics", 3) not in locs
        first = section(client, section_url("tactics"))
        second = section(client, section_url("tactics", 2))
        assert list(first) == [BASE + site["first"].get_absolute_url()]
        assert list(second) == [BASE + site["second"].get_absolute_url()]
        assert client.get(reverse("sitemap_section", args=["tactics"]), {"p": 3}).status_code == 404


@pytest.fixture
def page_cache_on(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    caches["default"].clear()
    with override_settings(PAGE_CACHE_VIEWS=["sitemap", "sitemap_section"]):
        yield
    caches["default"].clear()


@pytest.mark.django_db(transaction=True)
class TestPageCache:
    def test_index_and_sections_are_served_from_the_cache(self, client, page_cache_on):
        TacticFactory(slug="alpha")
        for url in ["/sitemap.xml", "/sitemap-tactics.xml", "/sitemap-pages.xml"]:
            assert client.get(url)[page_cache.HEADER] == "miss", url
            assert client.get(url, {"utm_source": "x"})[page_cache.HEADER] == "hit", url

    def test_each_page_of_a_section_is_cached_apart(self, client, page_cache_on, monkeypatch):
        monkeypatch.setattr(crawlers.TacticSitemap, "limit", 1)
        TacticFactory(slug="alpha")
        TacticFactory(slug="beta")
        first = client.get("/sitemap-tactics.xml")
        second = client.get("/sitemap-tactics.xml", {"p": 2})
        assert second[page_cache.HEADER] == "miss"
        assert b"/tactics/beta/" in second.content and b"/tactics/beta/" not in first.content
        again = client.get("/sitemap-tactics.xml", {"p": 2})
        assert again[page_cache.HEADER] == "hit" and again.content == second.content

    def test_a_tactic_edit_refreshes_its_section_and_leaves_the_sources_cached(
        self, client, page_cache_on
    ):
        tactic = TacticFactory(slug="alpha")
        StanceFactory(tactic=tactic, source=SourceFactory())
        client.get("/sitemap-tactics.xml")
        client.get("/sitemap-sources.xml")
        assert client.get("/sitemap-tactics.xml")[page_cache.HEADER] == "hit"

        tactic.slug = "alpha-renamed"
        tactic.save()

        refreshed = client.get("/sitemap-tactics.xml")
        assert refreshed[page_cache.HEADER] == "miss"
        entries = section(client, section_url("tactics"))
        tactic.refresh_from_db()
        assert entries == {BASE + "/tactics/alpha-renamed/": iso(tactic.updated_at)}
        assert client.get("/sitemap-sources.xml")[page_cache.HEADER] == "hit"
        index = dict(index_entries(client))
        assert datetime.datetime.fromisoformat(index[section_url("tactics")]) == tactic.updated_at


def test_lastmod_is_a_real_date(client, site):
    for _loc, lastmod in index_entries(client):
        assert datetime.datetime.fromisoformat(lastmod).tzinfo is not None
