"""What search and AI crawlers read: sitemap, robots.txt, llms.txt and the Atom feed.
Each shows published tactics only, and sources only when they back a published tactic."""

from itertools import groupby

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.html import escape
from django.views.decorators.http import require_safe

from sources.models import Source
from tactics.models import MAX_SCORE, Tactic

SITE_NAME = "GEO Evidence"
SUMMARY = (
    "An evidence database of AI search (GEO) tactics: each page answers one question "
    "about getting cited by ChatGPT search, Perplexity, Google AI Overviews, Gemini, "
    f"Copilot or Claude, lists every source behind the answer, and grades the evidence "
    f"on a 0–{MAX_SCORE} score with a confidence level and a direction."
)
MARKDOWN_SPECIALS = ("\\", "[", "]", "<", ">")
# AI crawlers are named so the policy is explicit: a site about AI search wants them.
AI_CRAWLERS = (
    "GPTBot",
    "OAI-SearchBot",
    "ChatGPT-User",
    "PerplexityBot",
    "ClaudeBot",
    "Claude-SearchBot",
    "Google-Extended",
    "Applebot-Extended",
    "bingbot",
)


def _tactics():
    return Tactic.objects.published()


# What one line of llms.txt says about a tactic; loading only these keeps the file cheap
# to build for thousands of tactics.
LINE_FIELDS = ("slug", "question", "verdict", "confidence", "evidence_score", "direction")


def _latest_tactic_change():
    return _tactics().aggregate(latest=Max("updated_at"))["latest"]


def _library_sources():
    return Source.objects.with_published_tactics()


# Each section is paginated by Django at `limit` URLs (the protocol allows 50,000 per
# file); /sitemap.xml is the index that lists every section's pages with their lastmod.
class TacticSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # Only what a URL and its date need: the stored breakdown and page text of every
        # tactic would cost hundreds of megabytes at a few thousand tactics.
        return _tactics().only("slug", "updated_at").order_by("slug")

    def lastmod(self, tactic):
        return tactic.updated_at

    def get_latest_lastmod(self):
        # One aggregate, where Django's default would load every item for the index.
        return _latest_tactic_change()


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return _library_sources().only("pk", "updated_at").order_by("pk")

    def lastmod(self, source):
        return source.updated_at

    def get_latest_lastmod(self):
        return _library_sources().aggregate(latest=Max("updated_at"))["latest"]


def _optional_routes():
    """Pages of apps that may not be installed: listed only when their URL resolves."""
    names = []
    for name in ("overview:compare", "overview:gaps", "opendata:index"):
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        names.append(name)
    return names


class StaticSitemap(Sitemap):
    """The site's own pages. Those built from the published tactics change when one
    does; the methodology and the corrections log carry no date the database knows
    (the log's corrections are not among the sitemap's tags)."""

    changefreq = "daily"
    priority = 0.6
    undated = frozenset({"scoring:methodology", "corrections:log"})

    def items(self):
        return [
            "home",
            "tactics:list",
            "sources:list",
            "scoring:methodology",
            "corrections:log",
            *_optional_routes(),
        ]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name in self.undated:
            return None
        if name == "sources:list":
            return _library_sources().aggregate(latest=Max("updated_at"))["latest"]
        return self._latest_tactic_change

    @cached_property
    def _latest_tactic_change(self):
        return _latest_tactic_change()

    def get_latest_lastmod(self):
        dates = [
            date for date in (_latest_tactic_change(), SourceSitemap().get_latest_lastmod()) if date
        ]
        return max(dates, default=None)


SITEMAPS = {"tactics": TacticSitemap, "sources": SourceSitemap, "pages": StaticSitemap}


class SectionPage:
    """What a sitemap section reads from its query string: the page number `p`, which
    the page cache must keep in its key (web/page_cache.py QUERY_FROM_FILTERS)."""

    base_filters = {"p": None}


# GET and HEAD: crawlers probe files with HEAD, which must answer as GET does (RFC 9110
# 9.3.2); the server, not the view, drops the body.
@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["# Search engines and AI assistants are welcome to read and cite every page.", ""]
    for agent in (*AI_CRAWLERS, "*"):
        lines += [f"User-agent: {agent}", "Allow: /", ""]
    lines.append(f"Sitemap: {sitemap_url}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _md_text(text):
    """One line of Markdown-safe text: no newlines, and the characters that would close
    the link text or start raw HTML backslash-escaped (CommonMark escapes)."""
    text = " ".join(str(text).split())
    for char in MARKDOWN_SPECIALS:
        text = text.replace(char, "\\" + char)
    return text


@require_safe
def llms_txt(request):
    """The llms.txt proposal (llmstxt.org): an H1, a blockquote summary, prose, then H2
    sections of links, one section per category."""
    absolute = request.build_absolute_uri
    tactics = (
        _tactics()
        .select_related("category")
        .only(*LINE_FIELDS, "category__name", "category__position", "category__slug")
        .order_by("category__position", "category__name", "-evidence_score", "question")
    )
    out = [
        f"# {SITE_NAME}",
        "",
        f"> {SUMMARY}",
        "",
        "Each link below is a tactic page, its question as the link text and its one-line "
        "verdict after it, with the confidence level and score. The score measures how far "
        "the evidence can be trusted; the direction says whether it supports the tactic. "
        f"How scores are computed: {absolute(reverse('scoring:methodology'))}",
    ]
    for category, group in groupby(tactics, key=lambda tactic: tactic.category):
        out += ["", f"## {_md_text(category.name)}", ""]
        for tactic in group:
            out.append(
                f"- [{_md_text(tactic.question)}]({absolute(tactic.get_absolute_url())}): "
                f"{_md_text(tactic.full_verdict)} ({tactic.get_confidence_display()} confidence, "
                f"{tactic.evidence_score}/{MAX_SCORE}, evidence: "
                f"{tactic.get_direction_display().lower()})"
            )
    out += [
        "",
        "## Optional",
        "",
        f"- [All tactics]({absolute(reverse('tactics:list'))}): filterable by confidence, "
        "direction, category, platform and score",
        f"- [Source library]({absolute(reverse('sources:list'))}): every study, report and "
        "statement behind the tactics",
        f"- [Recently updated tactics]({absolute(reverse('feed'))}): Atom feed",
    ]
    return HttpResponse("\n".join(out) + "\n", content_type="text/plain; charset=utf-8")


class UpdatedTacticsFeed(Feed):
    feed_type = Atom1Feed
    title = f"{SITE_NAME}: recently updated tactics"
    subtitle = "AI search tactics whose page or evidence changed, newest first."
    link = reverse_lazy("tactics:list")
    feed_url = reverse_lazy("feed")
    # Atom requires an author on the feed when its entries carry none.
    author_name = SITE_NAME

    def items(self):
        return _tactics().select_related("category").order_by("-updated_at", "pk")[:30]

    def item_title(self, tactic):
        return tactic.question

    def item_description(self, tactic):
        # Atom summaries are read as HTML: escape what editors typed.
        return escape(
            f"{tactic.full_verdict} ({tactic.get_confidence_display()} confidence, score "
            f"{tactic.evidence_score}/{MAX_SCORE}; evidence "
            f"{tactic.get_direction_display().lower()}.)"
        )

    def item_link(self, tactic):
        return tactic.get_absolute_url()

    def item_pubdate(self, tactic):
        return tactic.created_at

    def item_updateddate(self, tactic):
        return tactic.updated_at

    def item_categories(self, tactic):
        return [tactic.category.name]
