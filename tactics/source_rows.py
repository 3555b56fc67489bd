"""The numbered sources of the tactic page, each with everything its row prints.

The uncached page is mostly template work, and the sources list is most of the page: every
value a row prints is worked out once here (labels, dates, the link), some for the whole
list at once, so that each template lookup is one attribute deep.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.template.defaultfilters import date as date_filter
from django.urls import reverse

from scoring.breakdown import Contribution
from sources.choices import Position, SourceType
from sources.effects import effect_words
from sources.models import Source, Stance
from tactics.markdown import http_url

# Listing order of the outcomes: what backs "works", then the mixed, then the evidence
# against it (nulls, then harms).
POSITION_ORDER = {
    Position.IMPROVES: 0,
    Position.MIXED: 1,
    Position.NO_EFFECT: 2,
    Position.WORSENS: 3,
}
SOURCE_TYPE_LABELS = dict(SourceType.choices)
POSITION_LABELS = dict(Position.choices)


@dataclass
class SourceRow:
    """One numbered entry of the Sources list, with its part in the grade."""

    number: int
    stance: Stance
    contribution: Contribution | None = None
    # The live platforms the source tested, in the site's order.
    platforms: list = field(default_factory=list)
    # Worked out for the whole list at once by source_rows (see there).
    source_url: str = ""
    published_month: str = ""  # "Mar 2025", as the date filter writes it

    @cached_property
    def source(self):
        return self.stance.source

    @property
    def points(self):
        return self.contribution.points if self.contribution else None

    @property
    def weight(self):
        return self.contribution.weight if self.contribution else None

    @property
    def reasons(self):
        return self.contribution.reasons if self.contribution else ()

    # What the templates print, each worked out once: the page prints most of them two or
    # three times, and every dotted lookup or `get_FOO_display` in a row costs template time
    # thirty times over.
    @cached_property
    def ref(self) -> str:
        """The row's number as the page prints it, in "[3]" and "#source-3"."""
        return str(self.number)

    @cached_property
    def position(self) -> str:
        return self.stance.position

    @cached_property
    def position_label(self) -> str:
        return POSITION_LABELS.get(self.stance.position, self.stance.position)

    @cached_property
    def type_label(self) -> str:
        return SOURCE_TYPE_LABELS.get(self.source.source_type, self.source.source_type)

    @cached_property
    def title(self) -> str:
        return self.source.title

    @cached_property
    def organisation(self) -> str:
        return self.source.organisation.name

    @cached_property
    def vendor(self) -> bool:
        return self.source.organisation.sells_related_product

    @cached_property
    def href(self) -> str:
        """The source's own address when it is http(s), else "" (no link)."""
        return http_url(self.source.url)

    @cached_property
    def venue(self) -> str:
        return self.source.venue

    @cached_property
    def sample_label(self) -> str:
        return self.source.sample_label

    @cached_property
    def lab_engine(self) -> str:
        return self.source.lab_engine

    @cached_property
    def finding(self) -> str:
        return self.stance.finding

    @cached_property
    def effect(self) -> str:
        """The effect the source reports, in words ("+33% citation rate, p = 0.01")."""
        return effect_words(self.stance)

    @cached_property
    def platform_names(self) -> str:
        """The live platforms the source tested, "ChatGPT, Perplexity", or ""."""
        return ", ".join(platform.name for platform in self.platforms)

    @cached_property
    def published_iso(self) -> str:
        published = self.source.published_on
        # The date filter's "Y-m-d", without its per-call format lookups.
        return published.isoformat() if published else ""


def source_rows(stances, contributions: dict[int, Contribution], all_platforms) -> list[SourceRow]:
    """The tactic's current stances as numbered rows, in the order the page lists them.
    ``all_platforms`` is every platform in the site's order (one query per page)."""
    order = {stance_id: index for index, stance_id in enumerate(contributions)}
    tested = _platforms_by_source({stance.source_id for stance in stances}, all_platforms)

    def key(stance):
        # Sources that earn points first, strongest first (the engine's order); then the
        # rest by outcome, newest first.
        published = stance.source.published_on
        contribution = contributions.get(stance.pk)
        earns = contribution is not None and contribution.points > 0
        return (
            0 if earns else 1,
            POSITION_ORDER.get(stance.position, 4),
            order.get(stance.pk, len(order)),
            -(published.toordinal() if published else 0),
            stance.source.title.lower(),
        )

    source_url = _source_url_maker()
    # Sources often share a month, and the date filter is slow next to a dict.
    months = {}
    rows = []
    for number, stance in enumerate(sorted(stances, key=key), start=1):
        published = stance.source.published_on
        month = (published.year, published.month) if published else None
        if month not in months:
            months[month] = date_filter(published, "M Y")
        rows.append(
            SourceRow(
                number=number,
                stance=stance,
                contribution=contributions.get(stance.pk),
                platforms=tested.get(stance.source_id, []),
                source_url=source_url(stance.source_id),
                published_month=months[month],
            )
        )
    return rows


def _source_url_maker():
    """pk -> the source page's URL, with one reverse() per page instead of one per row:
    the URLs differ only in the number."""
    sentinel = 987654321
    head, _, tail = reverse("sources:detail", args=[sentinel]).rpartition(str(sentinel))
    return lambda pk: f"{head}{pk}{tail}"


def _platforms_by_source(source_ids, all_platforms) -> dict[int, list]:
    """Each source's live platforms in the site's order, from the bare (source, platform)
    pairs: the platforms themselves are the list the page loads for its grid anyway."""
    if not source_ids:
        return {}
    rank = {platform.pk: index for index, platform in enumerate(all_platforms)}
    pairs = Source.platforms.through.objects.filter(source_id__in=source_ids).values_list(
        "source_id", "platform_id"
    )
    tested = {}
    for source_id, platform_id in sorted(pairs, key=lambda pair: rank[pair[1]]):
        tested.setdefault(source_id, []).append(all_platforms[rank[platform_id]])
    return tested
