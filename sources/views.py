"""The source library: every source behind a published tactic, and a page per source
listing the tactics it speaks to, grouped by what it found (improves, no detectable effect,
worsens, mixed), each with the effect it reports."""

from dataclasses import dataclass

from django.db.models import F
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from sources.choices import Position
from sources.effects import effect_words
from sources.filters import SourceFilter
from sources.models import Source, Stance
from tactics.choices import Status
from tactics.grammar import count_noun
from web import stored_parts
from web.lists import paginate
from web.page_cache import ROUTE_TAGS, canonical_query

PAGE_SIZE = 25
PAGE_PART = "page"

# How a source's stances on published tactics are summed up, per outcome: the phrase for
# the list's summary, and the heading of the outcome's section on the source's page.
OUTCOME_WORDS = {
    Position.IMPROVES: ("improves {}", "Improves visibility"),
    Position.NO_EFFECT: ("no detectable effect on {}", "No detectable effect"),
    Position.WORSENS: ("worsens {}", "Worsens visibility"),
    Position.MIXED: ("mixed results on {}", "Mixed results"),
}


@dataclass
class OutcomeGroup:
    position: str
    heading: str
    stances: list


def count_stances(sources):
    """Set outcome_counts ({position: n}) on each source of one page, counting only
    published tactics, in one grouped query for the page (per-row subqueries would be
    evaluated for every source in the library before the page is cut)."""
    counts = Stance.objects.public().outcome_counts([source.pk for source in sources])
    for source in sources:
        source.outcome_counts = {
            position: counts[source.pk][position] for position in Position.values
        }


@dataclass(frozen=True)
class LibraryCard:
    """What a library card prints, worked out once per source: the template then only
    reads plain strings (a lookup of a method or a filter per field, 25 cards a page, was
    most of the library's render)."""

    url: str
    title: str
    organisation: str
    sells: bool
    venue: str
    published_iso: str
    published_month: str
    type_label: str
    method_label: str
    sample: str
    engines: str
    found: str

    @classmethod
    def of(cls, source):
        """From a source with its organisation, platforms and outcome_counts loaded."""
        published = source.published_on
        platforms = ", ".join(platform.name for platform in source.platforms.all())
        lab = "a simulated engine (lab)" if source.lab_engine else ""
        return cls(
            url=source.get_absolute_url(),
            title=source.title,
            organisation=source.organisation.name,
            sells=source.organisation.sells_related_product,
            venue=source.venue,
            published_iso=date_filter(published, "Y-m-d") if published else "",
            published_month=date_filter(published, "M Y") if published else "",
            type_label=source.get_source_type_display(),
            method_label=source.get_method_display(),
            sample=source.sample_label,
            engines="; ".join(part for part in (platforms, lab) if part),
            found=stance_summary(source),
        )


def stance_summary(source):
    """ "Improves 2 tactics, no detectable effect on 1 tactic": only the outcomes found."""
    parts = [
        OUTCOME_WORDS[position][0].format(count_noun(n, "tactic"))
        for position, n in source.outcome_counts.items()
        if n
    ]
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


def source_list(request):
    """The library: the shell of sources/list.html around parts that are the same for
    every visitor, kept in web/stored_parts.py under the page's own tags, so a visitor the
    page cache cannot answer (a messages or session cookie) costs no query while the
    library stands still."""
    query, others = canonical_query(request, "sources:list")
    # Parameters the view does not read would make as many parts as there are tracking
    # links: such a request is rendered in full instead.
    use_parts = stored_parts.enabled(request) and not others
    if use_parts:
        part_keys = stored_parts.keys("library", request, [PAGE_PART], query.urlencode())
        stored = stored_parts.read(part_keys).get(PAGE_PART)
        if stored is not None:
            return _respond(request, stored.html)
        started = stored_parts.clock()
    html = _render_library(request, query)
    if use_parts:
        tags = ROUTE_TAGS["sources:list"]({})
        stored_parts.store(started, {part_keys[PAGE_PART]: (html, tags, {})})
    return _respond(request, html)


def library_count(queryset, query=None):
    """How many sources the library's filters (a canonical query, without `page`) select,
    kept until who is in the library moves, or any outcome when they filter by outcome:
    an edit that only moves a stance's outcome re-renders the library but does not count
    its 20,000 sources again. The home page asks for the unfiltered count too."""
    query = query or QueryDict()
    tags = {"source-members"} | ({"source-list"} if "stance" in query else set())
    return stored_parts.remember(f"library-count?{query.urlencode()}", tags, queryset.count)


def _render_library(request, query):
    """The page's parts (title, meta, content) for the filters of `query`."""
    queryset = (
        Source.objects.with_published_tactics()
        .select_related("organisation")
        .prefetch_related("platforms")
        .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    )
    filterset = SourceFilter(request.GET or None, queryset=queryset)
    counted = query.copy()
    counted.pop("page", None)
    count = library_count(filterset.qs, counted)
    page_obj, page_note = paginate(request, filterset.qs, PAGE_SIZE, count)
    sources = list(page_obj.object_list)
    count_stances(sources)
    context = {
        "filter": filterset,
        "page_obj": page_obj,
        "cards": [LibraryCard.of(source) for source in sources],
        "problems": filterset.problems,
        "page_note": page_note,
    }
    title = "Source library" + (f", page {page_obj.number}" if page_obj.number > 1 else "")
    return {
        "title": title,
        "meta": render_to_string("sources/_list_meta.html", context, request),
        "content": render_to_string("sources/_list_content.html", context, request),
    }


def _respond(request, html):
    parts = {name: mark_safe(value) for name, value in html.items()}  # noqa: S308 (rendered by us)
    return render(request, "sources/list.html", {"parts": parts})


def source_detail(request, pk):
    """Anonymous visitors see only sources behind a published tactic, and only the
    published tactics; staff also see drafts, each marked as one."""
    staff = request.user.is_authenticated and request.user.is_staff
    sources = Source.objects.all() if staff else Source.objects.with_published_tactics()
    try:
        source = sources.select_related("organisation").prefetch_related("platforms").get(pk=pk)
    except Source.DoesNotExist:
        raise Http404("No such source") from None
    stances = (
        source.stances.filter(withdrawn_at__isnull=True)
        .select_related("tactic", "tactic__category")
        .order_by("tactic__question")
    )
    if not staff:
        stances = stances.filter(tactic__status=Status.PUBLISHED)
    groups = {
        position: OutcomeGroup(position, OUTCOME_WORDS[position][1], [])
        for position in Position.values
    }
    for stance in stances:
        stance.effect_text = effect_words(stance)
        groups[stance.position].stances.append(stance)
    return render(
        request,
        "sources/detail.html",
        {
            "source": source,
            "link_url": source.url
            if source.url.lower().startswith(("http://", "https://"))
            else "",
            "outcomes": [group for group in groups.values() if group.stances],
            "stance_total": sum(len(group.stances) for group in groups.values()),
        },
    )
