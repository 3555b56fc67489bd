"""Every weight and threshold of the evidence score, defined once.

The engine (scoring/engine.py) computes with these constants and the methodology page
(/methodology/) renders them through `methodology_tables()`, so the published rules and
the real ranking cannot drift apart. Change a number here, run `recompute_scores`, and
both the page and every stored score follow.

Multipliers are Decimals so the arithmetic is exact and independent of stance order.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal as D
from functools import lru_cache

from sources.choices import Directness, EffectKind, Method, Position, SourceType
from tactics.choices import Confidence, Direction, Impact

# --- How much one source counts: its quality weight q, a product of multipliers -------

# Study design: the GRADE starting point. Only an experiment can show cause and effect.
METHOD_WEIGHTS = {
    Method.CONTROLLED: D("1.0"),
    Method.QUASI_EXPERIMENT: D("0.75"),
    Method.OBSERVATIONAL: D("0.45"),
    Method.SURVEY: D("0.25"),
    Method.CASE_STUDY: D("0.2"),
    Method.EXPERT_OPINION: D("0.1"),
}

# Who published it: a proxy for risk of bias and for review before publication.
SOURCE_TYPE_WEIGHTS = {
    SourceType.PEER_REVIEWED: D("1.0"),
    SourceType.PREPRINT: D("0.85"),
    SourceType.OFFICIAL: D("0.85"),
    SourceType.INDEPENDENT: D("0.85"),
    SourceType.INDUSTRY: D("0.7"),
    SourceType.PRACTITIONER: D("0.5"),
    SourceType.EXPERT_OPINION: D("0.4"),
}

# Sample size (GRADE imprecision): (smallest sample, multiplier), largest first.
SAMPLE_BANDS = (
    (10_000, D("1.0")),
    (1_000, D("0.9")),
    (100, D("0.8")),
    (0, D("0.6")),
)
SAMPLE_UNKNOWN_WEIGHT = D("0.6")

# Directness (GRADE indirectness): does the source test the tactic itself?
DIRECTNESS_WEIGHTS = {
    Directness.DIRECT: D("1.0"),
    Directness.PARTIAL: D("0.7"),
    Directness.INDIRECT: D("0.4"),
}

# Recency: AI search changes within months. (maximum age in months, multiplier).
RECENCY_BANDS = (
    (12, D("1.0")),
    (24, D("0.8")),
    (36, D("0.6")),
)
RECENCY_OLDEST_WEIGHT = D("0.4")  # older than the last band, or no date given

# A simulated engine (a model answering over a fixed set of retrieved pages) is not the
# product people use: its evidence counts as indirect for every live platform, and covers
# none of them.
LAB_ENGINE_WEIGHT = D("0.75")

# Commercial interest (GRADE's publication bias) is rated down ONCE, and only for the body
# as a whole: when every source on the winning side comes from an organisation that sells
# a product that benefits, confidence is capped at Low (CAP "vendor-only" below). It no
# longer lowers each source's weight or the score as well: that counted it three times.

# --- From weights to points ----------------------------------------------------------

# A mixed finding earns no points; this share of its weight counts against the winning
# side (rating down for inconsistency) and in the direction's denominator.
MIXED_SHARE = D("0.5")

# Points a perfect source (q = 1) earns when it is the strongest on the winning side.
POINTS_PER_SOURCE = D("20")
# Diminishing returns: the k-th strongest source on the winning side counts
# RANK_DECAY ** (k - 1) of its own points, so many weak sources never add up to much.
RANK_DECAY = D("0.6")

MAX_SCORE = D("35")

# Rating down for the body of evidence (each multiplies the score so far).
# Inconsistency: the score keeps (1 - share of evidence weight that disagrees).
# Narrow coverage: the winning side covers fewer than this many live AI platforms (not
# applied to a single platform's own grade, which covers one by definition). Lab-only
# evidence covers none, so it is narrow too: exempting it made a weak agreeing source
# lower the score by ending the exemption.
MIN_PLATFORMS = 2
NARROW_COVERAGE_FACTOR = D("0.9")

# --- Direction (shown beside the score, never mixed into it) -------------------------

# Three conclusions, each backed by one outcome. A null weighs against "works" and against
# "harms" alike; an improvement and a harm weigh against "no effect". For each conclusion
# net = (weight backing it - weight of the other two outcomes) / total weight, where the
# total includes mixed findings (which back none). The first conclusion, in this order,
# whose net reaches a threshold is the direction; none reaching one is "mixed".
CONCLUSIONS = (
    (Position.IMPROVES, Direction.WORKS, Direction.LEANS_WORKS),
    (Position.WORSENS, Direction.HARMS, Direction.LEANS_HARMS),
    (Position.NO_EFFECT, Direction.NO_EFFECT, Direction.LEANS_NO_EFFECT),
)
FIRM_NET = D("0.5")  # at least 3 to 1 against everything else
LEANING_NET = D("0.15")
# Contested: the strongest other outcome carries at least this share of the winning
# outcome's weight.
CONTESTED_SHARE = D("0.5")

# --- Impact (the size of the effect, shown apart from certainty) ---------------------

# Magnitude bands of one reported effect, on its absolute size: (smallest, band), largest
# first; below the last, negligible. Relative changes in %, absolute changes in percentage
# points, correlations as |r| (Cohen's conventions), odds ratios as max(OR, 1/OR) (Chen,
# Cohen and Chen 2010's equivalents of d = 0.2, 0.5, 0.8).
EFFECT_BANDS = {
    EffectKind.RELATIVE: (
        (D("30"), Impact.LARGE),
        (D("10"), Impact.MODERATE),
        (D("3"), Impact.SMALL),
    ),
    EffectKind.ABSOLUTE_PP: (
        (D("10"), Impact.LARGE),
        (D("3"), Impact.MODERATE),
        (D("1"), Impact.SMALL),
    ),
    EffectKind.CORRELATION: (
        (D("0.5"), Impact.LARGE),
        (D("0.3"), Impact.MODERATE),
        (D("0.1"), Impact.SMALL),
    ),
    EffectKind.ODDS_RATIO: (
        (D("6.71"), Impact.LARGE),
        (D("3.47"), Impact.MODERATE),
        (D("1.68"), Impact.SMALL),
    ),
}
# Smallest to largest: a tactic's impact is the weighted median band of the effects that
# the sources backing its direction report (the lower band on a tie: claim less).
IMPACT_ORDER = (Impact.NEGLIGIBLE, Impact.SMALL, Impact.MODERATE, Impact.LARGE)


def magnitude(kind: str, value: D) -> str:
    """The band of one reported effect: magnitude("relative", D("20")) -> "moderate"."""
    size = abs(D(value))
    if kind == EffectKind.ODDS_RATIO:
        if size == 0:
            return Impact.LARGE
        size = max(size, 1 / size)
    for minimum, band in EFFECT_BANDS[kind]:
        if size >= minimum:
            return band
    return Impact.NEGLIGIBLE


# --- Confidence: score bands, then caps (GRADE: points never override a weakness) ----

CONFIDENCE_BANDS = (
    (D("26"), Confidence.HIGH),
    (D("16"), Confidence.MEDIUM),
    (D("8"), Confidence.LOW),
)
CONFIDENCE_ORDER = (Confidence.VERY_LOW, Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)

EXPERIMENTAL_METHODS = frozenset({Method.CONTROLLED, Method.QUASI_EXPERIMENT})
# A source counts as an independent replication from this quality weight up; sources of
# one organisation count once, however many there are.
REPLICATION_MIN_WEIGHT = D("0.2")
HIGH_MIN_ORGANISATIONS = 2
STALE_AFTER_MONTHS = 36

# --- When scores are recomputed (the scheduler imports these; the page prints them) --

# Sources age, so recency weights move with the calendar even when nobody saves anything.
DAILY_RECOMPUTE_UTC = datetime.time(3, 0)
# A save's recompute runs after its commit; a crash in between leaves a marker that this
# sweep finds and repairs.
SWEEP_EVERY_MINUTES = 5


@dataclass(frozen=True, slots=True)
class Cap:
    """A structural weakness that caps confidence whatever the score (GRADE's rating down).

    `applies` reads the engine's summary of the winning side (scoring.engine.Body): its
    attributes are named in the engine's docstring. The page lists the caps in this order
    and uses `key` as a stable hook (data-cap) for readers who recompute a grade."""

    key: str
    level: str
    wording: str
    applies: Callable[[object], bool]


CAPS = (
    Cap(
        "no-experiment",
        Confidence.LOW,
        "no controlled or quasi-experiment that tests the tactic directly or through a "
        "close proxy: correlations cannot show cause and effect",
        lambda body: not body.experiments,
    ),
    Cap(
        "no-direct-controlled",
        Confidence.MEDIUM,
        "no controlled experiment that tests the tactic itself",
        lambda body: not body.direct_controlled,
    ),
    Cap(
        "lab-only",
        Confidence.MEDIUM,
        "every experiment ran on a simulated engine, none on a live AI platform",
        lambda body: body.experiments and not body.live_experiments,
    ),
    Cap(
        "few-organisations",
        Confidence.MEDIUM,
        f"fewer than {HIGH_MIN_ORGANISATIONS} independent organisations agree, counting only "
        f"sources with a quality weight of {REPLICATION_MIN_WEIGHT} or more (no replication)",
        lambda body: len(body.organisations) < HIGH_MIN_ORGANISATIONS,
    ),
    Cap(
        "few-platforms",
        Confidence.MEDIUM,
        f"the evidence covers fewer than {MIN_PLATFORMS} live AI platforms",
        lambda body: body.narrow,
    ),
    Cap(
        "contested",
        Confidence.MEDIUM,
        "strong evidence points another way (contested)",
        lambda body: body.contested,
    ),
    Cap(
        "mixed",
        Confidence.LOW,
        "the evidence does not point clearly one way",
        lambda body: body.direction == Direction.MIXED,
    ),
    Cap(
        "vendor-only",
        Confidence.LOW,
        "all of the evidence comes from organisations that sell a product that benefits "
        "(commercial interest, rated down once)",
        lambda body: body.vendor_only,
    ),
    Cap(
        "stale",
        Confidence.LOW,
        f"all of the evidence is more than {STALE_AFTER_MONTHS} months old or undated",
        lambda body: body.stale,
    ),
)


# Cached: the engine prints the same few hundred weights and shares for every stance.
@lru_cache(maxsize=4096)
def exact(value: D) -> str:
    """A Decimal in full, without trailing zeros or an exponent: 0.1270080 -> "0.127008".

    Weights and shares are printed this way because a reader must be able to recompute
    the score from the page; a rounded or truncated figure would not add up. Built from
    the digits, not by arithmetic, which would round to the context's 28 digits."""
    sign, digits, exponent = D(value).as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0 and exponent < 0:
        digits.pop()
        exponent += 1
    if not any(digits):
        return "0"
    return f"{D((sign, tuple(digits), exponent)):f}"


@lru_cache(maxsize=4096)
def percent(share: D) -> str:
    """A share as an exact percentage: 0.216 -> "21.6%" (never truncated to "21%")."""
    sign, digits, exponent = D(share).as_tuple()
    return f"{exact(D((sign, digits, exponent + 2)))}%"


def methodology_tables() -> dict:
    """The rubric as rows for the methodology page, labelled from the choices' labels.

    Every number the engine computes with appears here, printed exactly (no truncated
    percentages), so that a reader can recompute any tactic's grade from its page."""
    sample_rows = []
    previous = None
    for minimum, weight in SAMPLE_BANDS:
        if previous is None:
            label = f"{minimum:,} or more"
        elif minimum == 0:
            label = f"under {previous:,}"
        else:
            label = f"{minimum:,} to {previous - 1:,}"
        sample_rows.append((label, percent(weight)))
        previous = minimum
    sample_rows.append(("not given", percent(SAMPLE_UNKNOWN_WEIGHT)))

    # Ages are whole months, so the bands are closed ranges: 12 months falls in the first.
    recency_rows = []
    previous = None
    for months, weight in RECENCY_BANDS:
        label = (
            f"up to {months} months" if previous is None else f"{previous + 1} to {months} months"
        )
        recency_rows.append((label, percent(weight)))
        previous = months
    recency_rows.append((f"over {previous} months, or no date", percent(RECENCY_OLDEST_WEIGHT)))

    def labelled(weights, choices):
        return [(choices(value).label, percent(weight)) for value, weight in weights.items()]

    method = labelled(METHOD_WEIGHTS, Method)
    source_type = labelled(SOURCE_TYPE_WEIGHTS, SourceType)
    directness = labelled(DIRECTNESS_WEIGHTS, Directness)
    return {
        "weights": [
            {"key": "method", "caption": "Study design", "column": "Method", "rows": method},
            {
                "key": "source-type",
                "caption": "Who published it",
                "column": "Source type",
                "rows": source_type,
            },
            {
                "key": "sample",
                "caption": "Sample size",
                "column": "Units studied",
                "rows": sample_rows,
            },
            {
                "key": "directness",
                "caption": "How directly it tests the tactic",
                "column": "Directness",
                "rows": directness,
            },
            {
                "key": "recency",
                "caption": "Age when scored",
                "column": "Published",
                "rows": recency_rows,
            },
        ],
        "method": method,
        "source_type": source_type,
        "sample": sample_rows,
        "directness": directness,
        "recency": recency_rows,
        "lab_weight": percent(LAB_ENGINE_WEIGHT),
        "mixed_share": percent(MIXED_SHARE),
        "points_per_source": exact(POINTS_PER_SOURCE),
        "rank_decay_factor": percent(RANK_DECAY),
        "rank_decay": [(rank, percent(RANK_DECAY ** (rank - 1))) for rank in range(1, 6)],
        "max_score": MAX_SCORE,
        "narrow_coverage_factor": percent(1 - NARROW_COVERAGE_FACTOR),
        "min_platforms": MIN_PLATFORMS,
        "firm_net": exact(FIRM_NET),
        "leaning_net": exact(LEANING_NET),
        "direction_rules": [
            (
                firm.label,
                leaning.label,
                f"the weight of sources that found “{Position(outcome).label.lower()}”, minus "
                "the weight of the other two outcomes, divided by all the weight (mixed "
                f"findings included) is {exact(FIRM_NET)} or more (firm) or "
                f"{exact(LEANING_NET)} or more (leaning)",
            )
            for outcome, firm, leaning in CONCLUSIONS
        ],
        "mixed_direction": Direction.MIXED.label,
        "contested_share": percent(CONTESTED_SHARE),
        "confidence_bands": [
            (f"{minimum} or more", level.label) for minimum, level in CONFIDENCE_BANDS
        ]
        + [(f"under {CONFIDENCE_BANDS[-1][0]}", Confidence.VERY_LOW.label)],
        "confidence_caps": [(cap.key, Confidence(cap.level).label, cap.wording) for cap in CAPS],
        "experimental_methods": [
            Method(value).label.lower() for value in Method.values if value in EXPERIMENTAL_METHODS
        ],
        "replication_min_weight": exact(REPLICATION_MIN_WEIGHT),
        "min_organisations": HIGH_MIN_ORGANISATIONS,
        "effect_bands": [
            (
                EffectKind(kind).label,
                *(f"{exact(minimum)} or more" for minimum, _ in bands),
                f"under {exact(bands[-1][0])}",
            )
            for kind, bands in EFFECT_BANDS.items()
        ],
        "impact_rule": (
            "The impact is the weighted middle (median, by quality weight) of the magnitude "
            "bands of the effects reported by the sources backing the direction; the lower "
            "band on a tie. A tactic with no effect is negligible by definition; a mixed one, "
            "or one whose sources report no effect size, is “not reported”."
        ),
        "platform_rule": (
            "Each live platform gets its own grade from the same engine, on the sources that "
            "tested it live plus the lab studies (which count for every platform at the lab "
            "weight). Studies of other platforms, and official statements of other platforms, "
            "do not enter it: an official statement counts only for the platform that issued "
            "it. Narrow coverage is not rated down within one platform's grade."
        ),
        "vendor_rule": (
            "Commercial interest is rated down once: when every source backing the direction "
            "comes from an organisation that sells a product that benefits, confidence is "
            "capped at Low. It does not lower source weights or the score as well."
        ),
        "stale_after_months": STALE_AFTER_MONTHS,
        "daily_recompute_at": f"{DAILY_RECOMPUTE_UTC:%H:%M} UTC",
        "sweep_every_minutes": SWEEP_EVERY_MINUTES,
    }
