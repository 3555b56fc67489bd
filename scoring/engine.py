"""The evidence score: a pure function of a tactic's stances, their sources and a date.

No database access here; every number comes from scoring/rubric.py. The rules:

1. Each stance gets a quality weight q = method × source type × sample size × directness
   × recency (× the lab weight when its source tested only a simulated engine).
2. Each stance backs one of three conclusions by what its source found: improves backs
   "works", no detectable effect backs "no effect", worsens backs "harms"; a mixed finding
   backs none. The conclusion with the most weight is scored; on an exact tie each is
   scored and the better-supported one is shown (so mirroring the evidence cannot change
   the score).
3. The scored conclusion's stances are ranked by weight. The k-th strongest earns
   POINTS_PER_SOURCE × q × RANK_DECAY^(k-1), rounded to 0.1: the best source counts
   fully and each further one less, so volume cannot replace quality. Stances backing
   another conclusion, and mixed findings, earn nothing; they rate the body down.
4. Rating down, in order: inconsistency (keep 1 - the share of weight that disagrees),
   then narrow live-platform coverage; then cap at MAX_SCORE. Each step is an Adjustment
   line whose points are the change in the rounded running total, so the contributions
   and adjustments add up to the score exactly. The running total is an exact fraction
   and every line is rounded half up to 0.1 from it, so a reader who recomputes by hand
   from the page gets the same digits.
5. Direction follows each conclusion's net weight (rubric.CONCLUSIONS), independently of
   the score: a null weighs against "works" and "harms" alike.
6. Confidence starts from the score band and is capped, GRADE-style, by every rubric.CAPS
   entry whose condition holds for the scored side (a `Body`).
7. Impact is the weighted median magnitude band of the effects the scored side reports.

`assess_platforms` runs the same engine on each live platform's evidence, and
scoring/counterfactual.py names the smallest new study that would move a grade.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from math import floor

from scoring import rubric as r
from scoring.breakdown import (
    Adjustment,
    Assessment,
    CapLine,
    Contribution,
    PlatformAssessment,
)
from sources.choices import Directness, Method, Position, SourceType
from tactics.choices import Confidence, Direction, Impact

ZERO = Decimal("0.0")
TENTH = Decimal("0.1")
# RANK_DECAY ** (rank - 1) gains a digit per rank and would outgrow the default 28 digits
# after a few dozen ranks; this context keeps every printed share and point line exact.
EXACT = Context(prec=1000, rounding=ROUND_HALF_UP)
BACKING = {outcome: (firm, leaning) for outcome, firm, leaning in r.CONCLUSIONS}
FOUND = {
    Position.IMPROVES: "found it improves visibility",
    Position.NO_EFFECT: "found no detectable effect",
    Position.WORSENS: "found it worsens visibility",
}


@dataclass(frozen=True, slots=True)
class Effect:
    """A reported effect size: its kind (rubric.EFFECT_BANDS) and value, plus words."""

    kind: str
    value: Decimal
    label: str = ""  # e.g. "+33% citation rate"


@dataclass(frozen=True, slots=True)
class SourceFacts:
    source_id: int
    organisation: int | str  # any key that is equal for the same organisation
    source_type: str
    method: str
    published_on: date | None
    sample_size: int | None
    platforms: frozenset[str]  # live platforms tested (slugs)
    vendor_interest: bool  # its organisation sells a product that benefits
    lab_engine: str = ""  # a simulated engine it tested, if any

    @property
    def lab_only(self) -> bool:
        return bool(self.lab_engine) and not self.platforms


@dataclass(frozen=True, slots=True)
class StanceFacts:
    stance_id: int
    position: str
    directness: str
    source: SourceFacts
    effect: Effect | None = None


@dataclass(frozen=True, slots=True)
class _Weighed:
    stance: StanceFacts
    q: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Body:
    """What the confidence caps (rubric.CAPS) read about the scored side."""

    direction: str
    contested: bool
    scope: str | None  # a platform slug for a per-platform grade, else None
    experiments: bool
    direct_controlled: bool
    live_experiments: bool
    organisations: frozenset
    platforms: frozenset[str]
    vendor_only: bool
    stale: bool
    lab_only: bool  # every source tested a simulated engine only

    @property
    def narrow(self) -> bool:
        """Too few live platforms to generalise. Not said of one platform's own grade.
        Lab-only evidence covers no live platform, so it is narrow too: exempting it let a
        weak agreeing source lower the score by ending the exemption (found by the
        property test that adding agreeing evidence never lowers a score)."""
        return self.scope is None and len(self.platforms) < r.MIN_PLATFORMS


@dataclass(frozen=True, slots=True)
class _Side:
    score: Decimal
    confidence: str
    points: dict
    adjustments: tuple[Adjustment, ...]
    reasons: tuple[str, ...]
    caps: tuple[CapLine, ...]


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


_DIRECTNESS_WORDS = {
    Directness.DIRECT: "direct evidence",
    Directness.PARTIAL: "partial evidence (a proxy or an adjacent tactic)",
    Directness.INDIRECT: "indirect evidence",
}


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
    factors.append((r.DIRECTNESS_WEIGHTS[stance.directness], _DIRECTNESS_WORDS[stance.directness]))
    if source.published_on is None:
        factors.append((r.RECENCY_OLDEST_WEIGHT, "no publication date"))
    else:
        months = months_between(source.published_on, as_of)
        weight = next(
            (w for limit, w in r.RECENCY_BANDS if months <= limit), r.RECENCY_OLDEST_WEIGHT
        )
        unit = "month" if months == 1 else "months"
        factors.append((weight, f"published {months} {unit} ago"))
    if source.lab_only:
        factors.append((r.LAB_ENGINE_WEIGHT, "a simulated engine, not a live AI platform"))

    q = Decimal(1)
    for weight, _ in factors:
        q *= weight
    return q, tuple(_counts(label, weight) for weight, label in factors)


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def direction_of(totals: dict[str, Decimal]) -> str:
    """The direction from the weight behind each outcome (rubric.CONCLUSIONS)."""
    total = sum(totals.values(), Decimal(0))
    if not total:
        return Direction.MIXED
    backing = {outcome: totals[outcome] for outcome in BACKING}
    for threshold, pick in ((r.FIRM_NET, 0), (r.LEANING_NET, 1)):
        for outcome, labels in BACKING.items():
            others = sum(w for o, w in backing.items() if o != outcome)
            if (backing[outcome] - others) / total >= threshold:
                return labels[pick]
    return Direction.MIXED


def _inconsistency_reason(disagree: Decimal, kept: Decimal, total: Decimal) -> str:
    """The share that disagrees as the exact fraction the score is multiplied by.

    A percentage alone cannot be exact (1/3 has no finite decimal), and a truncated one
    made the hand computation miss by 0.1; the weights themselves always are exact."""
    rounded = round1(Fraction(disagree * 100) / Fraction(total))
    return (
        f"{r.exact(disagree)} of the {r.exact(total)} evidence weight (about {rounded}%) "
        f"points another way or is mixed: the score keeps {r.exact(kept)}/{r.exact(total)}"
    )


def _points(group: list[_Weighed]) -> dict[int, tuple[Decimal, str]]:
    """Each stance of the scored side: its points, with diminishing returns by rank."""
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
    return points


def _rate_down(
    start: Decimal, lead: str, totals: dict, body: Body
) -> tuple[Decimal, tuple[Adjustment, ...]]:
    """Rating down of the summed points, each step one exact Adjustment line."""
    adjustments = []
    shown, exact = start, Fraction(start)

    def step(label: str, factor: Fraction, reason: str) -> None:
        nonlocal exact, shown
        exact *= factor
        adjustments.append(Adjustment(label, round1(exact) - shown, reason))
        shown = round1(exact)

    total = sum(totals.values(), Decimal(0))
    disagree = (
        total - totals[lead] - totals[Position.MIXED] + totals[Position.MIXED] * r.MIXED_SHARE
    )
    if disagree:
        kept = total - disagree
        step(
            "Rated down for inconsistency",
            Fraction(kept) / Fraction(total),
            _inconsistency_reason(disagree, kept, total),
        )
    if body.narrow:
        count = len(body.platforms)
        unit = "platform" if count == 1 else "platforms"
        step(
            "Rated down for narrow coverage",
            Fraction(r.NARROW_COVERAGE_FACTOR),
            f"this side's evidence covers {count} live AI {unit}; "
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
    return shown, tuple(adjustments)


def _body(group, as_of, direction, contested, scope) -> Body:
    experiments = [
        w
        for w in group
        if w.stance.source.method in r.EXPERIMENTAL_METHODS
        and w.stance.directness != Directness.INDIRECT
    ]
    return Body(
        direction=direction,
        contested=contested,
        scope=scope,
        experiments=bool(experiments),
        direct_controlled=any(
            w.stance.source.method == Method.CONTROLLED and w.stance.directness == Directness.DIRECT
            for w in experiments
        ),
        live_experiments=any(not w.stance.source.lab_only for w in experiments),
        organisations=frozenset(
            w.stance.source.organisation for w in group if w.q >= r.REPLICATION_MIN_WEIGHT
        ),
        platforms=frozenset().union(*(w.stance.source.platforms for w in group)),
        vendor_only=all(w.stance.source.vendor_interest for w in group),
        stale=all(
            w.stance.source.published_on is None
            or months_between(w.stance.source.published_on, as_of) > r.STALE_AFTER_MONTHS
            for w in group
        ),
        lab_only=all(w.stance.source.lab_only for w in group),
    )


def _confidence(score: Decimal, body: Body) -> tuple[str, tuple[str, ...], tuple[CapLine, ...]]:
    """The score band, then every cap whose condition holds (GRADE: points never override
    a weakness)."""
    band = next((lvl for minimum, lvl in r.CONFIDENCE_BANDS if score >= minimum), None)
    band = band or Confidence.VERY_LOW
    reasons = []
    if band != Confidence.HIGH:
        above = r.CONFIDENCE_ORDER[r.CONFIDENCE_ORDER.index(band) + 1]
        minimum = next(m for m, lvl in r.CONFIDENCE_BANDS if lvl == above)
        reasons.append(f"the score is below {minimum}, the minimum for {above.label}")
    level = r.CONFIDENCE_ORDER.index(band)
    caps = tuple(CapLine(c.key, c.level, c.wording) for c in r.CAPS if c.applies(body))
    for cap in caps:
        level = min(level, r.CONFIDENCE_ORDER.index(cap.level))
        reasons.append(f"at most {Confidence(cap.level).label}: {cap.wording}")
    return r.CONFIDENCE_ORDER[level], tuple(reasons), caps


def _score_side(lead, weighed, totals, as_of, direction, contested, scope) -> _Side:
    """Score the body with `lead` (an outcome) as the conclusion it backs."""
    group = sorted(
        (w for w in weighed if w.stance.position == lead),
        key=lambda w: (-w.q, w.stance.stance_id),
    )
    points = _points(group)
    start = sum((p for p, _ in points.values()), ZERO)
    body = _body(group, as_of, direction, contested, scope)
    score, adjustments = _rate_down(start, lead, totals, body)
    confidence, reasons, caps = _confidence(score, body)
    return _Side(score, confidence, points, adjustments, reasons, caps)


def _impact(direction: str, lead: str, weighed: list[_Weighed]) -> tuple[str, str]:
    """The weighted median magnitude band of the effects the scored side reports."""
    if direction in (Direction.NO_EFFECT, Direction.LEANS_NO_EFFECT):
        return Impact.NEGLIGIBLE, "the evidence finds no detectable effect"
    if direction == Direction.MIXED:
        return Impact.UNKNOWN, "the evidence does not agree on a direction"
    reported = sorted(
        (
            (r.IMPACT_ORDER.index(r.magnitude(w.stance.effect.kind, w.stance.effect.value)), w)
            for w in weighed
            if w.stance.position == lead and w.stance.effect is not None
        ),
        key=lambda item: (item[0], item[1].stance.stance_id),
    )
    if not reported:
        return Impact.UNKNOWN, "no source backing the direction reports an effect size"
    half, running = sum(w.q for _, w in reported) / 2, Decimal(0)
    band = reported[-1][0]
    for index, w in reported:
        running += w.q
        if running >= half:
            band = index
            break
    named = "; ".join(
        f"{w.stance.effect.label or r.exact(w.stance.effect.value)} "
        f"({r.IMPACT_ORDER[index].label.lower()})"
        for index, w in reported
    )
    effects = "effect" if len(reported) == 1 else "effects"
    reason = f"the weighted middle of {len(reported)} reported {effects}: {named}"
    return r.IMPACT_ORDER[band], reason


def _contribution(w: _Weighed, points: dict) -> Contribution:
    source_id = w.stance.source.source_id
    if w.stance.stance_id in points:
        line, why = points[w.stance.stance_id]
        return Contribution(
            w.stance.stance_id, source_id, w.stance.position, w.q, line, (*w.reasons, why)
        )
    if w.stance.position == Position.MIXED:
        why = (
            f"mixed finding: {r.percent(r.MIXED_SHARE)} of its weight counts in the "
            "inconsistency rating-down"
        )
    else:
        why = f"{FOUND[w.stance.position]}: weighed in the inconsistency rating-down"
    return Contribution(
        w.stance.stance_id, source_id, w.stance.position, w.q, ZERO, (*w.reasons, why)
    )


def _empty(as_of: date) -> Assessment:
    return Assessment(
        score=ZERO,
        confidence=Confidence.VERY_LOW,
        direction=Direction.NO_EVIDENCE,
        contested=False,
        improves=0,
        no_effect=0,
        worsens=0,
        mixed=0,
        platforms=(),
        contributions=(),
        adjustments=(),
        confidence_reasons=("no source has been assessed for this tactic yet",),
        impact=Impact.UNKNOWN,
        impact_reason="no source has been assessed for this tactic yet",
        as_of=as_of,
    )


def assess(stances: Iterable[StanceFacts], as_of: date, scope: str | None = None) -> Assessment:
    """Grade the body of evidence behind one tactic as of a date (see the module
    docstring). `scope`, a platform slug, grades one platform's evidence: narrow coverage
    is then not rated down."""
    weighed = sorted(
        (_Weighed(s, *quality(s, as_of)) for s in stances), key=lambda w: w.stance.stance_id
    )
    if not weighed:
        return _empty(as_of)
    counts = {p: 0 for p in Position}
    totals = {p: Decimal(0) for p in Position}
    for w in weighed:
        counts[w.stance.position] += 1
        totals[w.stance.position] += w.q
    platforms = tuple(sorted(frozenset().union(*(w.stance.source.platforms for w in weighed))))
    direction = direction_of(totals)
    backed = sorted((totals[o] for o in BACKING), reverse=True)
    contested = backed[1] > 0 and backed[1] >= backed[0] * r.CONTESTED_SHARE

    heaviest = max(totals[o] for o in BACKING)
    leads = [o for o in BACKING if totals[o] == heaviest and counts[o]]
    if not leads:  # only mixed findings
        return _only_mixed(weighed, counts, platforms, contested, as_of)
    sides = [
        (lead, _score_side(lead, weighed, totals, as_of, direction, contested, scope))
        for lead in leads
    ]
    # On a tie, show the side with the better grade; the first in CONCLUSIONS order on
    # equal grades.
    lead, side = max(sides, key=lambda s: (s[1].score, r.CONFIDENCE_ORDER.index(s[1].confidence)))
    impact, impact_reason = _impact(direction, lead, weighed)
    contributions = sorted(
        (_contribution(w, side.points) for w in weighed),
        key=lambda c: (-c.points, -c.weight, c.stance_id),
    )
    return Assessment(
        score=side.score,
        confidence=side.confidence,
        direction=direction,
        contested=contested,
        improves=counts[Position.IMPROVES],
        no_effect=counts[Position.NO_EFFECT],
        worsens=counts[Position.WORSENS],
        mixed=counts[Position.MIXED],
        platforms=platforms,
        contributions=tuple(contributions),
        adjustments=side.adjustments,
        confidence_reasons=side.reasons,
        caps=side.caps,
        impact=impact,
        impact_reason=impact_reason,
        as_of=as_of,
    )


def _only_mixed(weighed, counts, platforms, contested, as_of) -> Assessment:
    reason = "no source found a clear effect either way: mixed findings alone point nowhere"
    return replace(
        _empty(as_of),
        direction=Direction.MIXED,
        contested=contested,
        mixed=counts[Position.MIXED],
        platforms=platforms,
        contributions=tuple(_contribution(w, {}) for w in weighed),
        confidence_reasons=(reason,),
        impact_reason="the evidence does not agree on a direction",
    )


def platform_evidence(stances: Iterable[StanceFacts], platform: str) -> list[StanceFacts]:
    """One live platform's body of evidence: the sources that tested it live, plus lab
    studies (indirect for every platform, at the lab weight). Studies of other platforms
    and sources that name none stay out; an official statement names only its issuer's."""
    return [s for s in stances if platform in s.source.platforms or s.source.lab_only]


def assess_platforms(stances: Iterable[StanceFacts], as_of: date) -> tuple[PlatformAssessment, ...]:
    """A grade for each live platform that a counted source tested live."""
    stances = list(stances)
    slugs = sorted(frozenset().union(*(s.source.platforms for s in stances)))
    grades = []
    for slug in slugs:
        body = platform_evidence(stances, slug)
        assessment = assess(body, as_of, scope=slug)
        grades.append(
            PlatformAssessment(
                platform=slug,
                score=assessment.score,
                confidence=assessment.confidence,
                direction=assessment.direction,
                impact=assessment.impact,
                sources=len({s.source.source_id for s in body}),
                live_sources=len({s.source.source_id for s in body if slug in s.source.platforms}),
            )
        )
    return tuple(grades)
