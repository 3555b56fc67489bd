"""What the API loads, each in a fixed number of queries: only published tactics, and only
current stances (neither withdrawn nor from a withdrawn source) on published tactics."""

from collections import Counter

from django.db.models import F, Prefetch

from sources.models import Source, Stance
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
    stances = Stance.objects.public().select_related("source").order_by("pk")
    return (
        tactics()
        .prefetch_related(Prefetch("stances", queryset=stances, to_attr="public_stances"))
        .filter(slug=slug)
        .first()
    )


def sources():
    """The source library in its own order: newest first, undated last."""
    return (
        Source.objects.with_published_tactics()
        .select_related("organisation")
        .prefetch_related("platforms")
        .order_by(F("published_on").desc(nulls_last=True), "title", "pk")
    )


def outcome_counts(source_ids) -> dict[int, Counter]:
    """{source id: Counter of positions} over public stances, one grouped query a page
    (the library's own count, so its cards and the API never disagree)."""
    return Stance.objects.public().outcome_counts(source_ids)


def stances_of(source):
    return (
        Stance.objects.public()
        .filter(source=source)
        .select_related("tactic")
        .order_by("tactic__question", "pk")
    )


def stances():
    return Stance.objects.public().select_related("tactic", "source").order_by("pk")
