"""The evidence score: a pure function of a tactic's stances, their sources and a date.

No database access here; every number comes from scoring/rubric.py. The rules:

1. Each stance gets a quality weight q = method × source type × sample size × directness
   × recency (× the vendor-interest weight when the publisher sells a related product).
2. The winning side is the position (supports or contradicts) with more total weight; a
   mixed finding counts half on each side. On an exact tie both sides are scored and the
   better-supported one is shown (so mirroring the evidence cannot change the score).
3. The winning side's stances are ranked by weight. The k-th strongest earns
   POINTS_PER_SOURCE × q × RANK_DECAY^(k-1), rounded to 0.1: the best source counts
   fully and each further one less, so volume cannot replace quality. Stances pointing
   the other way, and mixed findings, earn nothing themselves; they rate the body down.
4. Rating down, in order: inconsistency (keep 1 - the share of weight that disagrees),
   vendor-only evidence, narrow platform coverage; then cap at MAX_SCORE. Each step is an
   Adjustment line whose points are the change in the rounded running total, so the
   contributions and adjustments add up to the score exactly. The running total is an
   exact fraction (not held to 28 digits as a Decimal would be) and every line is rounded half up to
   0.1 from it, so a reader who recomputes by hand from the page gets the same digits.
5. Direction follows net = (for - against) / total weight, independently of the score.
6. Confidence starts from the score band and is capped, GRADE-style, by structural
   weaknesses of the winning side (no experiment, no replication, one platform,
   contested, mixed direction, vendor-only or stale evidence).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from math import floor

from scoring import rubric as r
from sources.choices import Directness, Method, Position, SourceType
from tactics.choices import Confidence, Direction

ZERO = Decimal("0.0")
TENTH = Decimal("0.1")
# RANK_DECAY ** (rank - 1) gains a digit per rank and would outgrow the default 28 digits
# after a few dozen ranks; this context keeps every printed share and point line exact.
EXACT = Context(prec=1000, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class SourceFacts:
    source_id: int
    organisation: int | str  # any key that is equal for the same organisation
    source_type: str
    method: str
    published_on: date | None
    sample_size: int | None
    platforms: frozenset[str]
    vendor_interest: bool
    lab_engine: str = ""


@dataclass(frozen=True, slots=True)
class StanceFacts:
    stance_id: int
    position: str
    directness: str
    source: SourceFacts


@dataclass(frozen=True, slots=True)
class Contribution:
    stance_id: int
    source_id: int
    position: str
    weight: Decimal  # the quality weight q, 0-1
    points: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Adjustment:
    label: str
    points: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class Assessment:
    score: Decimal
    confidence: str
    direction: str
    contested: bool
    supporting: int
    contradicting: int
    mixed: int
    platforms: tuple[str, ...]
    contributions: tuple[Contribution, ...]
    adjustments: tuple[Adjustment, ...]
    confidence_reasons: tuple[str, ...]
    as_of: date | None = field(default=None)

    def as_dict(self) -> dict:
        """JSON-serialisable form stored in Tactic.evidence_breakdown."""
        return {
            "score": str(self.score),
            "confidence": self.confidence,
            "direction": self.direction,
            "contested": self.contested,
            "supporting": self.supporting,
            "contradicting": self.contradicting,
            "mixed": self.mixed,
            "platforms": list(self.platforms),
            "contributions": [
                {
                    "stance_id": c.stance_id,
                    "source_id": c.source_id,
                    "position": c.position,
                    # In full: the page prints it and a rounded weight breaks the hand sum.
                    "weight": r.exact(c.weight),
                    "points": str(c.points),
                    "reasons": list(c.reasons),
                }
                for c in self.contributions
            ],
            "adjustments": [
                {"label": a.label, "points": str(a.points), "reason": a.reason}
                for a in self.adjustments
            ],
            "confidence_reasons": list(self.confidence_reasons),
        }


def round1(value: Decimal | Fraction) -> Decimal:
    """Round half up (away from zero) to one decimal, from the exact value."""
    if isinstance(value, Decimal):
        return value.quantize(TENTH, rounding=ROUND_HALF_UP)
    tenths = floor(abs(value) * 10 + Fraction(1, 2))
    return Decimal(tenths if value >= 0 else -tenths).scaleb(-1).quantize(TENTH)


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later`; 0 for a date in the future."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def _counts(label: str, weight: Decimal) -> str:
    return label if weight == 1 else f"{label}: counts {r.percent(weight)}"


def quality(stance: StanceFacts, as_of: date) -> tuple[Decimal, tuple[str, ...]]:
    """A stance's quality weight q and the plain-English reason for each factor."""
    source = stance.source
    factors = [
        (r.METHOD_WEIGHTS[source.method], Method(source.method).label.lower()),
        (r.SOURCE_TYPE_WEIGHTS[source.source_type], SourceType(source.source_type).label.lower()),
    ]
    if source.sample_size is None:
        factors.append((r.SAMPLE_UNKNOWN_WEIGHT, "no sample size given"))
    else:
        weight = next(w for minimum, w in r.SAMPLE_BANDS if source.sample_size >= minimum)
        factors.append((weight, f"sample of {source.sample_size:,}"))
    directness_label = {
        Directness.DIRECT: "direct evidence",
        Directness.PARTIAL: "partial evidence (a proxy or an adjacent tactic)",
        Directness.INDIRECT: "indirect evidence",
    }[stance.directness]
    factors.append((r.DIRECTNESS_WEIGHTS[stance.directness], directness_label))
    if source.published_on is None:
        factors.append((r.RECENCY_OLDEST_WEIGHT, "no publication date"))
    else:
        months = months_between(source.published_on, as_of)
        weight = next(
            (w for limit, w in r.RECENCY_BANDS if months <= limit), r.RECENCY_OLDEST_WEIGHT
        )
        unit = "month" if months == 1 else "months"
        factors.append((weight, f"published {months} {unit} ago"))
    if source.vendor_interest:
        factors.append((r.VENDOR_INTEREST_WEIGHT, "publisher sells a related product"))

    q = Decimal(1)
    for weight, _ in factors:
        q *= weight
    return q, tuple(_counts(label, weight) for weight, label in factors)


@dataclass(frozen=True, slots=True)
class _Weighed:
    stance: StanceFacts
    q: Decimal
    reasons: tuple[str, ...]


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _direction(net: Decimal) -> str:
    for threshold, for_label, against_label in r.DIRECTION_THRESHOLDS:
        if net >= threshold:
            return for_label
        if net <= -threshold:
            return against_label
    return Direction.MIXED


def _inconsistency_reason(disagree: Decimal, kept: Decimal, total: Decimal) -> str:
    """The share that disagrees as the exact fraction the score is multiplied by.

    A percentage alone cannot be exact (1/3 has no finite decimal), and a truncated one
    made the hand computation miss by 0.1; the weights themselves always are exact."""
    rounded = round1(Fraction(disagree * 100) / Fraction(total))
    return (
        f"{r.exact(disagree)} of the {r.exact(total)} evidence weight (about {rounded}%) "
        f"points the other way or is mixed: the score keeps {r.exact(kept)}/{r.exact(total)}"
    )


def _score_side(lead, weighed, totals, as_of, direction, contested):
    """Score the body with `lead` (SUPPORTS or CONTRADICTS) as the winning side."""
    other = Position.NO_EFFECT if lead == Position.IMPROVES else Position.IMPROVES
    group = sorted(
        (w for w in weighed if w.stance.position == lead),
        key=lambda w: (-w.q, w.stance.stance_id),
    )
    if not group:
        reason = "no source supports or contradicts the tactic: mixed findings alone"
        return ZERO, Confidence.VERY_LOW, {}, (), (f"{reason} point nowhere",)
    points: dict[int, tuple[Decimal, str]] = {}
    decay = Decimal(1)
    for rank, w in enumerate(group, start=1):
        line = round1(EXACT.multiply(EXACT.multiply(r.POINTS_PER_SOURCE, w.q), decay))
        why = (
            "strongest source on this side"
            if rank == 1
            else _counts(f"{_ordinal(rank)} strongest on this side (diminishing returns)", decay)
        )
        points[w.stance.stance_id] = (line, why)
        decay = EXACT.multiply(decay, r.RANK_DECAY)

    adjustments = []
    shown = sum((p for p, _ in points.values()), ZERO)
    exact = Fraction(shown)

    def step(label: str, factor: Fraction, reason: str) -> None:
        nonlocal exact, shown
        exact *= factor
        adjustments.append(Adjustment(label, round1(exact) - shown, reason))
        shown = round1(exact)

    disagree = totals[other] + totals[Position.MIXED] * r.MIXED_SHARE
    total = totals[lead] + totals[other] + totals[Position.MIXED]
    if disagree:
        kept = total - disagree
        step(
            "Rated down for inconsistency",
            Fraction(kept) / Fraction(total),
            _inconsistency_reason(disagree, kept, total),
        )
    vendor_only = all(w.stance.source.vendor_interest for w in group)
    if vendor_only:
        step(
            "Rated down for vendor-only evidence",
            Fraction(r.VENDOR_ONLY_FACTOR),
            "every source on this side sells a product that benefits from the finding",
        )
    platforms = frozenset().union(*(w.stance.source.platforms for w in group))
    if len(platforms) < r.MIN_PLATFORMS:
        unit = "platform" if len(platforms) == 1 else "platforms"
        step(
            "Rated down for narrow coverage",
            Fraction(r.NARROW_COVERAGE_FACTOR),
            f"this side's evidence covers {len(platforms)} AI {unit}; "
            f"{r.MIN_PLATFORMS} or more are needed to generalise",
        )
    if exact > Fraction(r.MAX_SCORE):
        capped = round1(r.MAX_SCORE)
        adjustments.append(
            Adjustment(
                "Capped at the maximum", capped - shown, f"the score is out of {r.MAX_SCORE}"
            )
        )
        shown = capped
    score = shown

    # Confidence: the score band, then every structural cap that applies.
    band = next((lvl for minimum, lvl in r.CONFIDENCE_BANDS if score >= minimum), None)
    band = band or Confidence.VERY_LOW
    reasons = []
    if band != Confidence.HIGH:
        above = r.CONFIDENCE_ORDER[r.CONFIDENCE_ORDER.index(band) + 1]
        minimum = next(m for m, lvl in r.CONFIDENCE_BANDS if lvl == above)
        reasons.append(f"the score is below {minimum}, the minimum for {above.label}")
    caps = []
    experimental = [
        w
        for w in group
        if w.stance.source.method in r.EXPERIMENTAL_METHODS
        and w.stance.directness != Directness.INDIRECT
    ]
    if not experimental:
        caps.append(r.CAP_NO_EXPERIMENT)
    if not any(
        w.stance.source.method == Method.CONTROLLED and w.stance.directness == Directness.DIRECT
        for w in experimental
    ):
        caps.append(r.CAP_NO_DIRECT_CONTROLLED)
    publishers = {w.stance.source.organisation for w in group if w.q >= r.REPLICATION_MIN_WEIGHT}
    if len(publishers) < r.HIGH_MIN_PUBLISHERS:
        caps.append(r.CAP_FEW_PUBLISHERS)
    if len(platforms) < r.MIN_PLATFORMS:
        caps.append(r.CAP_FEW_PLATFORMS)
    if contested:
        caps.append(r.CAP_CONTESTED)
    if direction == Direction.MIXED:
        caps.append(r.CAP_MIXED)
    if vendor_only:
        caps.append(r.CAP_VENDOR_ONLY)
    if all(
        w.stance.source.published_on is None
        or months_between(w.stance.source.published_on, as_of) > r.STALE_AFTER_MONTHS
        for w in group
    ):
        caps.append(r.CAP_STALE)
    level = r.CONFIDENCE_ORDER.index(band)
    for cap, reason in caps:
        level = min(level, r.CONFIDENCE_ORDER.index(cap))
        reasons.append(f"at most {Confidence(cap).label}: {reason}")
    return score, r.CONFIDENCE_ORDER[level], points, tuple(adjustments), tuple(reasons)


def assess(stances: Iterable[StanceFacts], as_of: date) -> Assessment:
    """Grade the body of evidence behind one tactic as of a date (see the module docstring)."""
    weighed = sorted(
        (_Weighed(s, *quality(s, as_of)) for s in stances), key=lambda w: w.stance.stance_id
    )
    counts = {p: 0 for p in Position}
    totals = {p: Decimal(0) for p in Position}
    for w in weighed:
        counts[w.stance.position] += 1
        totals[w.stance.position] += w.q
    platforms = tuple(sorted(frozenset().union(*(w.stance.source.platforms for w in weighed))))

    if not weighed:
        return Assessment(
            score=ZERO,
            confidence=Confidence.VERY_LOW,
            direction=Direction.NO_EVIDENCE,
            contested=False,
            supporting=0,
            contradicting=0,
            mixed=0,
            platforms=(),
            contributions=(),
            adjustments=(),
            confidence_reasons=("no source has been assessed for this tactic yet",),
            as_of=as_of,
        )

    w_for, w_against = totals[Position.IMPROVES], totals[Position.NO_EFFECT]
    total = w_for + w_against + totals[Position.MIXED]
    # Every stance can weigh nothing only if a rubric weight is set to zero: no direction.
    net = (w_for - w_against) / total if total else Decimal(0)
    direction = _direction(net)
    weaker, stronger = sorted((w_for, w_against))
    contested = weaker > 0 and weaker >= stronger * r.CONTESTED_SHARE

    if w_for != w_against:
        leads = [Position.IMPROVES if w_for > w_against else Position.NO_EFFECT]
    else:
        leads = [Position.IMPROVES, Position.NO_EFFECT]
    outcomes = [
        (lead, _score_side(lead, weighed, totals, as_of, direction, contested)) for lead in leads
    ]
    # On a tie, show the side with the better grade; the first (supports) on equal grades.
    lead, (score, confidence, points, adjustments, reasons) = max(
        outcomes,
        key=lambda o: (o[1][0], r.CONFIDENCE_ORDER.index(o[1][1])),
    )

    contributions = []
    for w in weighed:
        if w.stance.stance_id in points:
            line, why = points[w.stance.stance_id]
            contributions.append(
                Contribution(
                    w.stance.stance_id,
                    w.stance.source.source_id,
                    w.stance.position,
                    w.q,
                    line,
                    (*w.reasons, why),
                )
            )
        else:
            why = (
                f"mixed finding: {r.percent(r.MIXED_SHARE)} of its weight counts in the "
                "inconsistency rating-down"
                if w.stance.position == Position.MIXED
                else "points the other way: weighed in the inconsistency rating-down"
            )
            contributions.append(
                Contribution(
                    w.stance.stance_id,
                    w.stance.source.source_id,
                    w.stance.position,
                    w.q,
                    ZERO,
                    (*w.reasons, why),
                )
            )
    contributions.sort(key=lambda c: (-c.points, -c.weight, c.stance_id))

    return Assessment(
        score=score,
        confidence=confidence,
        direction=direction,
        contested=contested,
        supporting=counts[Position.IMPROVES],
        contradicting=counts[Position.NO_EFFECT],
        mixed=counts[Position.MIXED],
        platforms=platforms,
        contributions=tuple(contributions),
        adjustments=adjustments,
        confidence_reasons=reasons,
        as_of=as_of,
    )
