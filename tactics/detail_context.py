"""Everything the tactic page shows, loaded in a fixed number of queries.

The page's query count must not grow with its number of sources: stances come with their
source and its organisation in one join, the sources' platforms as bare (source, platform)
pairs in one query (tactics/source_rows.py), and every other list (key findings, steps,
FAQs, the platforms for the coverage row and the platform grid, score history, related
tactics) in one query each. The grade's detail is the typed breakdown the engine stored
(`tactic.assessment`, scoring.breakdown.Assessment): nothing here picks at its JSON. All
counting and ordering then happens in Python on what was loaded, so the numbers on the page
are counted from the very list the page prints.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from scoring.breakdown import GradeChange
from scoring.changes import what_changed
from scoring.rubric import REPLICATION_MIN_WEIGHT
from sources.choices import Position, SourceType
from sources.models import Stance
from tactics import charts, faq_texts, related, review, texts
from tactics.choices import Confidence, Direction, GradeLabels
from tactics.models import Platform, Tactic
from tactics.source_rows import source_rows

HISTORY_POINTS = 60
ZERO = Decimal("0.0")


@dataclass(frozen=True)
class PlatformRow(GradeLabels):
    """One row of the platform grid: a live platform's own grade."""

    platform: Platform
    score: object
    confidence: str
    direction: str
    impact: str
    sources: int
    live_sources: int


@dataclass(frozen=True)
class ChangeRow:
    """What new evidence would move the grade, and to what (for "What would change it")."""

    evidence: str
    confidence_label: str
    direction_label: str
    score: object


@dataclass(frozen=True)
class OutcomeGroup:
    """The sources of one outcome, for the evidence against a tactic."""

    outcome: str
    heading: str
    rows: list


AGAINST_HEADINGS = {
    Position.NO_EFFECT: "Found no detectable effect",
    Position.WORSENS: "Found it worsens visibility",
}


# The columns the page reads, and no others: the stance query is the page's largest, and
# timestamps, audit links and long texts it never prints cost time to fetch and convert.
# A column missing here costs one query per source, which tests/tactics/test_detail_queries.py
# would catch.
STANCE_COLUMNS = (
    "tactic_id",
    "position",
    "finding",
    "detail",
    "effect_measure",
    "effect_kind",
    "effect_value",
    "effect_low",
    "effect_high",
    "effect_p",
    "checked_at",
    "source__title",
    "source__url",
    "source__venue",
    "source__published_on",
    "source__source_type",
    "source__method",
    "source__sample_size",
    "source__sample_unit",
    "source__lab_engine",
    "source__organisation__name",
    "source__organisation__sells_related_product",
)


def tactic_queryset(user):
    # Withdrawn stances are neither counted nor listed; their number comes in the tactic's
    # own query, so the page says how many without one more.
    stances = (
        Stance.objects.current()
        .select_related("source", "source__organisation")
        .only(*STANCE_COLUMNS)
    )
    withdrawn = (
        Stance.objects.withdrawn()
        .filter(tactic=OuterRef("pk"))
        .order_by()
        .values("tactic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Tactic.objects.visible_to(user)
        .annotate(withdrawn_count=Coalesce(Subquery(withdrawn), 0))
        .select_related("category")
        .prefetch_related(Prefetch("stances", queryset=stances), "key_findings", "steps", "faqs")
    )


def _facts(tactic, rows, platforms, grid) -> texts.EvidenceFacts:
    positions = Counter(row.stance.position for row in rows)
    methods = Counter(row.source.method for row in rows)
    types = Counter(row.source.source_type for row in rows)
    officials = []
    for row in rows:
        name = row.source.organisation.name
        if row.source.source_type == SourceType.OFFICIAL and name not in officials:
            officials.append(name)
    backing = texts.BACKED_BY.get(tactic.direction)
    return texts.EvidenceFacts(
        action_name=tactic.action_name,
        confidence=tactic.confidence,
        direction=tactic.direction,
        score=tactic.evidence_score,
        impact=tactic.impact,
        contested=tactic.contested,
        source_types=tuple(value for value, _ in types.most_common()),
        improves=positions[Position.IMPROVES],
        no_effect=positions[Position.NO_EFFECT],
        worsens=positions[Position.WORSENS],
        mixed=positions[Position.MIXED],
        platform_names=tuple(platform.name for platform in platforms),
        improves_platforms=_outcome_platforms(rows, Position.IMPROVES),
        no_effect_platforms=_outcome_platforms(rows, Position.NO_EFFECT),
        worsens_platforms=_outcome_platforms(rows, Position.WORSENS),
        mixed_platforms=_outcome_platforms(rows, Position.MIXED),
        independent_backing=_replicating_organisations(rows, backing) if backing else 0,
        official_organisations=tuple(officials),
        method_counts=tuple(sorted(methods.items(), key=lambda item: (-item[1], item[0]))),
        peer_reviewed=sum(1 for row in rows if row.source.source_type == SourceType.PEER_REVIEWED),
        lab_only=sum(1 for row in rows if row.source.lab_engine and not _live(row)),
        platform_grades=tuple((g.platform.name, g.direction, g.confidence) for g in grid),
        effort=tactic.effort,
    )


def _live(row) -> list:
    return row.platforms


def _outcome_platforms(rows, position) -> tuple[str, ...]:
    side = [row for row in rows if row.stance.position == position]
    return tuple(platform.name for platform in _platforms_studied(side))


def _replicating_organisations(rows, position) -> int:
    """Distinct organisations on one side whose stored quality weight clears the engine's
    replication rule: the only sources the page may call independent."""
    return len(
        {
            row.source.organisation_id
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


def _platform_grid(assessment, all_platforms) -> list[PlatformRow]:
    """The assessment's per-platform grades with their platforms, in the site's order."""
    by_slug = {platform.slug: platform for platform in all_platforms}
    rows = [
        PlatformRow(
            platform=by_slug[grade.platform],
            score=grade.score,
            confidence=grade.confidence,
            direction=grade.direction,
            impact=grade.impact,
            sources=grade.sources,
            live_sources=grade.live_sources,
        )
        for grade in assessment.platform_grades
        if grade.platform in by_slug
    ]
    return sorted(rows, key=lambda row: (row.platform.position, row.platform.name))


def _change(change: GradeChange | None) -> ChangeRow | None:
    if change is None:
        return None
    return ChangeRow(
        evidence=change.evidence,
        confidence_label=Confidence(change.to_confidence).label,
        direction_label=Direction(change.to_direction).label,
        score=change.to_score,
    )


def build_detail_context(tactic) -> dict:
    """The template context of the tactic page for a tactic from ``tactic_queryset``."""
    assessment = tactic.assessment
    contributions = {c.stance_id: c for c in assessment.contributions}
    all_platforms = list(Platform.objects.order_by("position", "name"))
    rows = source_rows(tactic.stances.all(), contributions, all_platforms)
    # Derived from the loaded sources rather than the stored platforms_covered, so the
    # platforms named in the texts always match the sources listed below them.
    platforms = _platforms_studied(rows)
    grid = _platform_grid(assessment, all_platforms)
    facts = _facts(tactic, rows, platforms, grid)
    against = [
        OutcomeGroup(outcome, heading, [row for row in rows if row.stance.position == outcome])
        for outcome, heading in AGAINST_HEADINGS.items()
    ]

    faqs = [{"question": faq.question, "answer": faq.answer, "generated": True}
            for faq in faq_texts.generated_faqs(facts)]  # fmt: skip
    history = _score_history(tactic)
    score_rows = [row for row in rows if row.contribution is not None]
    return {
        "tactic": tactic,
        "assessment": assessment,
        "is_draft": not tactic.is_published,
        "facts": facts,
        "source_rows": rows,
        "sources_reviewed": len(rows),
        "checked_count": sum(1 for row in rows if row.stance.is_checked),
        "withdrawn_count": tactic.withdrawn_count,
        "outcome_counts": _outcome_counts(facts),
        "against_groups": [group for group in against if group.rows],
        "key_findings": _key_findings(tactic, rows),
        "steps": list(tactic.steps.all()),
        "platforms": platforms,
        "platform_coverage": _platform_coverage(rows, all_platforms),
        "platform_grid": grid,
        "impact": {
            "value": tactic.impact,
            "label": tactic.get_impact_display(),
            "reason": assessment.impact_reason,
        },
        "effort": texts.effort_level(tactic.effort),
        "what_changed": what_changed(tactic),
        "would_raise": _change(assessment.would_raise),
        "would_lower": _change(assessment.would_lower),
        "confidence_statement": texts.confidence_statement(facts),
        "implementation_caution": texts.implementation_caution(facts),
        "against_summary": texts.evidence_against_summary(facts),
        "generated_faqs": faqs,
        "editor_faqs": list(tactic.faqs.all()),
        "breakdown_computed": bool(tactic.evidence_breakdown),
        "score_rows": score_rows,
        "adjustments": assessment.adjustments,
        "confidence_reasons": assessment.confidence_reasons,
        "score_sum": sum((row.points for row in score_rows), ZERO)
        + sum((item.points for item in assessment.adjustments), ZERO),
        "glance_chart": charts.evidence_glance(rows),
        "history": history,
        "history_chart": charts.score_history(history),
        # What moved after the last review, said on the page (one query: stance history).
        "since_review": review.public_review(tactic, history),
        "related_tactics": related.related_tactics(tactic),
    }


def _outcome_counts(facts) -> list[tuple[str, str, int]]:
    """(outcome, label, count) for the scoreline, every outcome, zeros included."""
    return [
        (outcome, texts.OUTCOME_SHORT[outcome], facts.count(outcome)) for outcome in texts.OUTCOMES
    ]


def _platforms_studied(rows):
    """Every live platform any of the given sources tested, deduplicated, in site order."""
    seen = {}
    for row in rows:
        for platform in row.platforms:
            seen.setdefault(platform.pk, platform)
    return sorted(seen.values(), key=lambda platform: (platform.position, platform.name))


def _platform_coverage(rows, all_platforms):
    """Every platform we track, with how many of this tactic's sources tested it live."""
    counts = Counter(platform.pk for row in rows for platform in row.platforms)
    return [
        {"platform": platform, "sources": counts.get(platform.pk, 0)} for platform in all_platforms
    ]


def _key_findings(tactic, rows):
    """Key findings with the number of the source each one cites, when it is listed."""
    numbers = {row.source.pk: row.number for row in rows}
    return [
        {"finding": finding, "source_number": numbers.get(finding.source_id)}
        for finding in tactic.key_findings.all()
    ]
