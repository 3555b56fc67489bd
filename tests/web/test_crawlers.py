"""What crawlers read: sitemap.xml, robots.txt, llms.txt and the Atom feed. Drafts
appear in none of them, nor on any public list or source page."""

import re
import xml.etree.ElementTree as ET  # noqa: S405  (parses our own responses)
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import CategoryFactory, SourceFactory, StanceFactory, TacticFactory

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ATOM_NS = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    """Two published tactics in two categories, one draft, and sources backing each."""
    onpage = CategoryFactory(name="On-page", slug="on-page", position=1)
    brand = CategoryFactory(name="Brand & entity", slug="brand", position=2)
    stats = TacticFactory(
        slug="statistics",
        question="Does adding statistics improve AI citations?",
        verdict="pages with statistics are cited more often.",
        category=onpage,
        evidence_score=Decimal("24.5"),
        confidence="high",
        direction="works",
    )
    mentions = TacticFactory(
        slug="brand-mentions",
        question="Do brand mentions [off-site] matter?",
        verdict="mentions predict\ncitations.",
        category=brand,
        evidence_score=Decimal("12.0"),
        confidence="medium",
        direction="leans_works",
    )
    draft = TacticFactory(
        slug="secret-draft",
        question="Does the secret draft tactic work?",
        verdict="Draft verdict nobody may see.",
        category=onpage,
        draft=True,
    )
    shared = SourceFactory(title="Shared study")
    only_draft = SourceFactory(title="Study only a draft cites")
    StanceFactory(source=shared, tactic=stats)
    StanceFactory(source=shared, tactic=draft, finding="Draft-only finding.")
    StanceFactory(source=SourceFactory(title="Mentions study"), tactic=mentions)
    StanceFactory(source=only_draft, tactic=draft)
    return {
        "stats": stats,
        "mentions": mentions,
        "draft": draft,
        "shared": shared,
        "only_draft": only_draft,
    }


def sitemap_entries(client):
    """{loc: lastmod} of every URL in every section the index at /sitemap.xml lists."""
    index = ET.fromstring(client.get(reverse("sitemap")).content)  # noqa: S314
    entries = {}
    for section in index.findall("s:sitemap", SITEMAP_NS):
        response = client.get(section.findtext("s:loc", namespaces=SITEMAP_NS))
        assert response.status_code == 200
        for url in ET.fromstring(response.content).findall("s:url", SITEMAP_NS):  # noqa: S314
            entries[url.findtext("s:loc", namespaces=SITEMAP_NS)] = url.findtext(
                "s:lastmod", namespaces=SITEMAP_NS
            )
    return entries


class TestSitemap:
    def test_lists_published_tactics_sources_and_static_pages(self, client, site):
        entries = sitemap_entries(client)
        base = "http://testserver"
        assert (
            entries[base + site["stats"].get_absolute_url()]
            == site["stats"].updated_at.date().isoformat()
        )
        assert base + site["mentions"].get_absolute_url() in entries
        assert base + site["shared"].get_absolute_url() in entries
        for name in ("home", "tactics:list", "sources:list", "scoring:methodology"):
            assert base + reverse(name) in entries
        latest_tactic = max(site["stats"].updated_at, site["mentions"].updated_at).date()
        assert entries[base + reverse("home")] == latest_tactic.isoformat()
        assert entries[base + reverse("tactics:list")] == latest_tactic.isoformat()
        assert entries[base + reverse("sources:list")]

    def test_no_draft_and_no_source_backing_only_drafts(self, client, site):
        locs = "\n".join(sitemap_entries(client))
        assert "secret-draft" not in locs
        assert site["only_draft"].get_absolute_url() not in locs
        assert locs.count("/tactics/") == 3  # the list and the two published tactics


class TestRobots:
    def test_allows_everyone_and_points_at_the_sitemap_absolutely(self, client, db):
        response = client.get(reverse("robots_txt"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        text = response.content.decode()
        assert "User-agent: *\nAllow: /" in text
        assert "User-agent: GPTBot" in text
        assert re.search(r"^Sitemap: http://testserver/sitemap\.xml$", text, flags=re.MULTILINE)

    def test_sitemap_line_follows_the_request_host(self, client, db):
        text = client.get(reverse("robots_txt"), HTTP_HOST="localhost").content.decode()
        assert "Sitemap: http://localhost/sitemap.xml" in text


class TestLlmsTxt:
    def test_follows_the_llmstxt_format(self, client, site):
        response = client.get(reverse("llms_txt"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert lines[0] == "# GEO Evidence"
        assert lines[1] == ""
        assert lines[2].startswith("> ") and "0–35" in lines[2]
        # H2 sections, one per category in the editors' order, then Optional last.
        h2 = [line for line in lines if line.startswith("## ")]
        assert h2 == ["## On-page", "## Brand & entity", "## Optional"]
        assert sum(1 for line in lines if line.startswith("# ")) == 1

    def test_each_published_tactic_is_a_link_with_its_verdict(self, client, site):
        text = client.get(reverse("llms_txt")).content.decode()
        assert (
            "- [Does adding statistics improve AI citations?](http://testserver/tactics/statistics/): "
            "Yes: pages with statistics are cited more often. (High confidence, 24.5/35, evidence: works)"
        ) in text
        # Brackets cannot end the link text early, and newlines cannot break the list.
        assert (
            "- [Do brand mentions \\[off-site\\] matter?](http://testserver/tactics/brand-mentions/): "
            "Possibly: mentions predict citations."  # leaning: one notch below its medium grade
        ) in text

    def test_tactics_sit_under_their_category(self, client, site):
        text = client.get(reverse("llms_txt")).content.decode()
        onpage, brand = text.index("## On-page"), text.index("## Brand & entity")
        assert (
            onpage
            < text.index("/tactics/statistics/")
            < brand
            < text.index("/tactics/brand-mentions/")
        )

    def test_no_draft(self, client, site):
        text = client.get(reverse("llms_txt")).content.decode()
        assert "secret" not in text.lower()
        assert "Draft verdict" not in text


class TestFeed:
    def test_is_atom_with_recently_updated_published_tactics(self, client, site):
        site["mentions"].save()  # now the most recently updated
        response = client.get(reverse("feed"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/atom+xml")
        root = ET.fromstring(  # noqa: S314
            response.content
        )
        entries = root.findall("a:entry", ATOM_NS)
        assert [e.findtext("a:title", namespaces=ATOM_NS) for e in entries] == [
            "Do brand mentions [off-site] matter?",
            "Does adding statistics improve AI citations?",
        ]
        first = entries[0]
        assert (
            first.find("a:link", ATOM_NS).get("href") == "http://testserver/tactics/brand-mentions/"
        )
        assert first.findtext("a:updated", namespaces=ATOM_NS)
        summary = first.findtext("a:summary", namespaces=ATOM_NS)
        # The generated lead, not a typed one; the summary is HTML, so whitespace is one space.
        assert " ".join(summary.split()).startswith("Possibly: mentions predict citations.")
        assert "Medium confidence" in summary
        assert root.findtext("a:author/a:name", namespaces=ATOM_NS) == "GEO Evidence"

    def test_no_draft(self, client, site):
        xml = client.get(reverse("feed")).content.decode()
        assert "secret" not in xml.lower()

    def test_summary_escapes_editor_html(self, client, db):
        TacticFactory(verdict='<img src=x onerror="alert(1)"> yes')
        root = ET.fromstring(  # noqa: S314
            client.get(reverse("feed")).content
        )
        summary = root.find("a:entry/a:summary", ATOM_NS)
        assert summary.get("type") == "html"
        # Read as HTML, the summary shows the tag as text instead of running it.
        assert summary.text.startswith("We don&#x27;t know yet: &lt;img src=x onerror=")

    def test_pages_advertise_the_feed(self, client, db):
        html = client.get(reverse("home")).content.decode()
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="GEO Evidence: recently updated tactics" href="{reverse("feed")}">'
            in html
        )


class TestDraftsAreInvisibleEverywhere:
    @pytest.mark.parametrize(
        "url_name",
        ["home", "tactics:list", "sources:list", "sitemap", "feed", "llms_txt"],
    )
    def test_public_pages_never_mention_the_draft(self, client, site, url_name):
        response = client.get(reverse(url_name))
        assert response.status_code == 200
        body = response.content.decode()
        assert "secret-draft" not in body
        assert "secret draft" not in body.lower()
        assert "Study only a draft cites" not in body

    def test_source_page_omits_the_draft_tactic(self, client, site):
        html = client.get(site["shared"].get_absolute_url()).content.decode()
        assert site["stats"].question in html
        assert "secret" not in html.lower()
        assert "Draft-only finding." not in html

    def test_source_backing_only_a_draft_is_not_found(self, client, site):
        assert client.get(site["only_draft"].get_absolute_url()).status_code == 404

    def test_draft_tactic_page_is_not_found(self, client, site):
        assert client.get(site["draft"].get_absolute_url()).status_code == 404

    def test_list_search_for_the_draft_finds_nothing(self, client, site):
        html = client.get(reverse("tactics:list"), {"q": "secret"}).content.decode()
        assert "secret-draft" not in html
        assert "0 tactics match" in html
