"""Everything the tactic page shows, loaded in a fixed number of queries.

The page's query count must not grow with its number of sources: stances come with their
source in one join, the sources' platforms in one prefetch, and every other list (key
findings, steps, FAQs, the platforms for the coverage row, score history, related
tactics) in one query each: 10 queries for an anonymous visitor, 5 sources or 200. All counting and ordering then happens in Python on what was loaded, so the
numbers on the page are counted from the very list the page prints and always agree.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from scoring.rubric import REPLICATION_MIN_WEIGHT
from sources.choices import Position, SourceType
from sources.models import Stance
from tactics import charts, related, review, texts
from tactics.models import Platform, Tactic

POSITION_ORDER = {Position.IMPROVES: 0, Position.MIXED: 1, Position.NO_EFFECT: 2}
HISTORY_POINTS = 60


@dataclass
class SourceRow:
    """One numbered entry of the Sources list, with its share of the score."""

    number: int
    stance: Stance
    points: Decimal | None = None
    weight: Decimal | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def source(self):
        return self.stance.source


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def tactic_queryset(user):
    # Withdrawn stances are neither counted nor listed; their number comes in the tactic's
    # own query, so the page says how many without one more.
    stances = (
        Stance.objects.current().select_related("source").prefetch_related("source__platforms")
    )
    withdrawn = (
        Stance.objects.withdrawn()
        .filter(tactic=OuterRef("pk"))
        .order_by()
        .values("tactic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = (
        Tactic.objects.visible_to(user)
        .annotate(withdrawn_count=Coalesce(Subquery(withdrawn), 0))
        .select_related("category")
        .prefetch_related(
            Prefetch("stances", queryset=stances),
            "key_findings",
            "steps",
            "faqs",
        )
    )
    return queryset


def _breakdown(tactic):
    """The stored scoring breakdown, tolerant of an empty or older shape."""
    data = tactic.evidence_breakdown if isinstance(tactic.evidence_breakdown, dict) else {}
    contributions = {}
    for item in data.get("contributions") or []:
        if isinstance(item, dict) and "stance_id" in item:
            contributions[item["stance_id"]] = item
    adjustments = [
        {
            "label": str(item.get("label", "")),
            "points": _decimal(item.get("points")) or Decimal("0"),
            "reason": str(item.get("reason", "")),
        }
        for item in data.get("adjustments") or []
        if isinstance(item, dict)
    ]
    reasons = [str(reason) for reason in data.get("confidence_reasons") or []]
    return bool(data), contributions, adjustments, reasons


def _source_rows(stances, contributions) -> list[SourceRow]:
    order = {stance_id: index for index, stance_id in enumerate(contributions)}

    def key(stance):
        # Sources that earn points first, strongest first (the engine's order); then the
        # rest, supporting before mixed before contradicting, newest first.
        published = stance.source.published_on
        earns = (_decimal(contributions.get(stance.pk, {}).get("points")) or 0) > 0
        return (
            0 if earns else 1,
            POSITION_ORDER.get(stance.position, 3),
            order.get(stance.pk, len(order)),
            -(published.toordinal() if published else 0),
            stance.source.title.lower(),
        )

    rows = []
    for number, stance in enumerate(sorted(stances, key=key), start=1):
        item = contributions.get(stance.pk, {})
        rows.append(
            SourceRow(
                number=number,
                stance=stance,
                points=_decimal(item.get("points")) if item else None,
                weight=_decimal(item.get("weight", item.get("quality"))) if item else None,
                reasons=[str(reason) for reason in item.get("reasons", [])] if item else [],
            )
        )
    return rows


def _facts(tactic, rows, platforms) -> texts.EvidenceFacts:
    positions = Counter(row.stance.position for row in rows)
    methods = Counter(row.source.method for row in rows)
    types = Counter(row.source.source_type for row in rows)
    officials = []
    for row in rows:
        if row.source.source_type == SourceType.OFFICIAL and row.source.publisher not in officials:
            officials.append(row.source.publisher)
    return texts.EvidenceFacts(
        action_name=tactic.action_name,
        confidence=tactic.confidence,
        direction=tactic.direction,
        score=tactic.evidence_score,
        contested=tactic.contested,
        source_types=tuple(value for value, _ in types.most_common()),
        supporting=positions[Position.IMPROVES],
        contradicting=positions[Position.NO_EFFECT],
        mixed=positions[Position.MIXED],
        platform_names=tuple(platform.name for platform in platforms),
        supporting_platforms=_side_platforms(rows, Position.IMPROVES),
        contradicting_platforms=_side_platforms(rows, Position.NO_EFFECT),
        mixed_platforms=_side_platforms(rows, Position.MIXED),
        independent_supporting=_replicating_publishers(rows, Position.IMPROVES),
        official_publishers=tuple(officials),
        method_counts=tuple(sorted(methods.items(), key=lambda item: (-item[1], item[0]))),
        peer_reviewed=sum(1 for row in rows if row.source.source_type == SourceType.PEER_REVIEWED),
    )


def _side_platforms(rows, position) -> tuple[str, ...]:
    side = [row for row in rows if row.stance.position == position]
    return tuple(platform.name for platform in _platforms_studied(side))


def _replicating_publishers(rows, position) -> int:
    """Distinct publishers on one side whose stored quality weight clears the engine's
    replication rule: the only sources the page may call independent."""
    return len(
        {
            row.source.publisher
            for row in rows
            if row.stance.position == position
            and row.weight is not None
            and row.weight >= REPLICATION_MIN_WEIGHT
        }
    )


def _score_history(tactic):
    if not hasattr(tactic, "score_history"):
        return []
    snapshots = tactic.score_history.order_by("-computed_at").only(
        "score", "confidence", "direction", "computed_at", "reason"
    )[:HISTORY_POINTS]
    return list(reversed(snapshots))


def build_detail_context(tactic) -> dict:
    """The template context of the tactic page for a tactic from ``tactic_queryset``."""
    computed, contributions, adjustments, confidence_reasons = _breakdown(tactic)
    rows = _source_rows(tactic.stances.all(), contributions)
    # Derived from the loaded sources rather than the stored platforms_covered, so the
    # platforms named in the texts always match the sources listed below them.
    platforms = _platforms_studied(rows)
    facts = _facts(tactic, rows, platforms)
    contradicting = [row for row in rows if row.stance.position == Position.NO_EFFECT]

    faqs = [{"question": faq.question, "answer": faq.answer, "generated": True}
            for faq in texts.generated_faqs(facts)]  # fmt: skip
    editor_faqs = list(tactic.faqs.all())

    contribution_total = sum((row.points or Decimal("0") for row in rows), Decimal("0"))
    adjustment_total = sum((item["points"] for item in adjustments), Decimal("0"))
    score_rows = [row for row in rows if row.points is not None]

    history = _score_history(tactic)
    return {
        "tactic": tactic,
        "is_draft": not tactic.is_published,
        "facts": facts,
        "source_rows": rows,
        "sources_reviewed": len(rows),
        "checked_count": sum(1 for row in rows if row.stance.is_checked),
        "withdrawn_count": tactic.withdrawn_count,
        "improves_count": facts.supporting,
        "no_effect_count": facts.contradicting,
        "mixed_count": facts.mixed,
        "contradicting_rows": contradicting,
        "key_findings": _key_findings(tactic, rows),
        "steps": list(tactic.steps.all()),
        "platforms": platforms,
        "platform_coverage": _platform_coverage(rows),
        "confidence_statement": texts.confidence_statement(facts),
        "implementation_caution": texts.implementation_caution(facts),
        "contradiction_summary": texts.contradiction_summary(facts),
        "generated_faqs": faqs,
        "editor_faqs": editor_faqs,
        "breakdown_computed": computed,
        "score_rows": score_rows,
        "adjustments": adjustments,
        "confidence_reasons": confidence_reasons,
        "score_sum": contribution_total + adjustment_total,
        "glance_chart": charts.evidence_glance(rows),
        "history": history,
        "history_chart": charts.score_history(history),
        # What moved after the last review, said on the page (one query: stance history).
        "since_review": review.public_review(tactic, history),
        "related_tactics": related.related_tactics(tactic),
    }


def _platforms_studied(rows):
    """Every platform any of the tactic's sources studied, by display name, deduplicated."""
    seen = {}
    for row in rows:
        for platform in row.source.platforms.all():
            seen.setdefault(platform.pk, platform)
    return sorted(seen.values(), key=lambda platform: (platform.position, platform.name))


def _platform_coverage(rows):
    """Every platform we track, with how many of this tactic's sources studied it."""
    counts = Counter(platform.pk for row in rows for platform in row.source.platforms.all())
    return [
        {"platform": platform, "sources": counts.get(platform.pk, 0)}
        for platform in Platform.objects.order_by("position", "name")
    ]


def _key_findings(tactic, rows):
    """Key findings with the number of the source each one cites, when it is listed."""
    numbers = {row.source.pk: row.number for row in rows}
    return [
        {"finding": finding, "source_number": numbers.get(finding.source_id)}
        for finding in tactic.key_findings.all()
    ]
