"""What the API loads, each in a fixed number of queries: only published tactics, and only
current stances (neither withdrawn nor from a withdrawn source) on published tactics."""

from collections import Counter

from django.db.models import Count, F, Prefetch

from api.filters import public_sources, public_stances
from tactics.filters import DEFAULT_ORDERING
from tactics.models import Platform, Tactic


def platforms_by_slug() -> dict:
    """Every platform, for naming the platform grades (stored by slug in the breakdown)."""
    return {platform.slug: platform for platform in Platform.objects.all()}


def tactics():
    """Published tactics in the list page's default order, with what a summary prints."""
    return (
        Tactic.objects.published()
        .select_related("category")
        .prefetch_related("platforms_covered")
        .order_by(*DEFAULT_ORDERING)
    )


def tactic_with_stances(slug):
    stances = public_stances().select_related("source").order_by("pk")
    return (
        tactics()
        .prefetch_related(Prefetch("stances", queryset=stances, to_attr="public_stances"))
        .filter(slug=slug)
        .first()
    )


def sources():
    """The source library in its own order: newest first, undated last."""
    return (
        public_sources()
        .select_related("organisation")
        .prefetch_related("platforms")
        .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    )


def outcome_counts(source_ids) -> dict[int, Counter]:
    """{source id: Counter of positions} over public stances, one grouped query a page."""
    rows = (
        public_stances()
        .filter(source__in=source_ids)
        .order_by()
        .values_list("source", "position")
        .annotate(n=Count("pk"))
    )
    counts = {pk: Counter() for pk in source_ids}
    for source_id, position, n in rows:
        counts[source_id][position] = n
    return counts


def stances_of(source):
    return (
        public_stances()
        .filter(source=source)
        .select_related("tactic")
        .order_by("tactic__question", "pk")
    )


def stances():
    return public_stances().select_related("tactic", "source").order_by("pk")
