"""The source library: every source behind a published tactic, and a page per source
listing the tactics it supports, contradicts or gives mixed evidence on."""

from django.db.models import Count, Exists, F, OuterRef
from django.http import Http404
from django.shortcuts import render

from config.pagination import paginate
from sources.choices import Position
from sources.filters import SourceFilter
from sources.models import Source, Stance
from tactics.choices import Status
from tactics.grammar import count_noun

PAGE_SIZE = 25


def published_stances():
    """Stances visitors may see: current ones (not withdrawn) on published tactics."""
    return Stance.objects.current().filter(tactic__status=Status.PUBLISHED)


def count_stances(sources):
    """Set supports_n / contradicts_n / mixed_n on each source of one page, counting only
    published tactics, in one grouped query for the page (per-row subqueries would be
    evaluated for every source in the library before the page is cut)."""
    counts = (
        published_stances()
        .filter(source__in=sources)
        .order_by()
        .values_list("source", "position")
        .annotate(n=Count("pk"))
    )
    by_source = {(source_id, position): n for source_id, position, n in counts}
    for source in sources:
        source.supports_n = by_source.get((source.pk, Position.IMPROVES), 0)
        source.contradicts_n = by_source.get((source.pk, Position.NO_EFFECT), 0)
        source.mixed_n = by_source.get((source.pk, Position.MIXED), 0)


def library_sources():
    """Sources visitors may see: those behind at least one published tactic."""
    return Source.objects.filter(Exists(published_stances().filter(source=OuterRef("pk"))))


def stance_summary(source):
    """ "Supports 2 tactics, contradicts 1": only the stances the source takes."""
    parts = [
        f"{verb} {count_noun(n, 'tactic')}"
        for verb, n in (
            ("supports", source.supports_n),
            ("contradicts", source.contradicts_n),
            ("mixed evidence on", source.mixed_n),
        )
        if n
    ]
    return ", ".join(parts).capitalize()


def source_list(request):
    queryset = (
        library_sources()
        .prefetch_related("platforms")
        .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    )
    filterset = SourceFilter(request.GET or None, queryset=queryset)
    page_obj, page_note = paginate(request, filterset.qs, PAGE_SIZE)
    sources = list(page_obj.object_list)
    count_stances(sources)
    for source in sources:
        source.stance_summary = stance_summary(source)
    return render(
        request,
        "sources/list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "sources": sources,
            "problems": filterset.problems,
            "page_note": page_note,
        },
    )


def source_detail(request, pk):
    """Anonymous visitors see only sources behind a published tactic, and only the
    published tactics; staff also see drafts, each marked as one."""
    staff = request.user.is_authenticated and request.user.is_staff
    sources = Source.objects.all() if staff else library_sources()
    try:
        source = sources.prefetch_related("platforms").get(pk=pk)
    except Source.DoesNotExist:
        raise Http404("No such source") from None
    stances = (
        source.stances.filter(withdrawn_at__isnull=True)
        .select_related("tactic", "tactic__category")
        .order_by("tactic__question")
    )
    if not staff:
        stances = stances.filter(tactic__status=Status.PUBLISHED)
    groups = {position: [] for position in Position.values}
    for stance in stances:
        groups[stance.position].append(stance)
    return render(
        request,
        "sources/detail.html",
        {
            "source": source,
            "link_url": source.url
            if source.url.lower().startswith(("http://", "https://"))
            else "",
            "supports": groups[Position.IMPROVES],
            "contradicts": groups[Position.NO_EFFECT],
            "mixed": groups[Position.MIXED],
            "stance_total": sum(len(group) for group in groups.values()),
        },
    )
