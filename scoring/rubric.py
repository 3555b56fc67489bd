"""Every weight and threshold of the evidence score, defined once.

The engine (scoring/engine.py) computes with these constants and the methodology page
(/methodology/) renders them through `methodology_tables()`, so the published rules and
the real ranking cannot drift apart. Change a number here, run `recompute_scores`, and
both the page and every stored score follow.

Multipliers are Decimals so the arithmetic is exact and independent of stance order.
"""

import datetime
from decimal import Decimal as D
from functools import lru_cache

from sources.choices import Directness, Method, SourceType
from tactics.choices import Confidence, Direction

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

# The publisher sells a product that benefits from the finding (publication bias).
VENDOR_INTEREST_WEIGHT = D("0.8")

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
# Vendor-only: every source on the winning side comes from an interested vendor.
VENDOR_ONLY_FACTOR = D("0.75")
# Narrow coverage: the winning side covers fewer than this many AI platforms.
MIN_PLATFORMS = 2
NARROW_COVERAGE_FACTOR = D("0.9")

# --- Direction (shown beside the score, never mixed into it) -------------------------

# net = (weight for - weight against) / total weight, mixed findings split half/half.
DIRECTION_THRESHOLDS = (
    (D("0.5"), Direction.WORKS, Direction.HARMS),
    (D("0.15"), Direction.LEANS_WORKS, Direction.LEANS_HARMS),
)
# Contested: the weaker side carries at least this share of the stronger side's weight
# (supporting and contradicting stances only).
CONTESTED_SHARE = D("0.5")

# --- Confidence: score bands, then caps (GRADE: points never override a weakness) ----

CONFIDENCE_BANDS = (
    (D("26"), Confidence.HIGH),
    (D("16"), Confidence.MEDIUM),
    (D("8"), Confidence.LOW),
)
CONFIDENCE_ORDER = (Confidence.VERY_LOW, Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)

EXPERIMENTAL_METHODS = frozenset({Method.CONTROLLED, Method.QUASI_EXPERIMENT})
# A source counts as an independent replication from this quality weight up; sources of
# one publisher (compared by its name) count once, however many there are.
REPLICATION_MIN_WEIGHT = D("0.2")
HIGH_MIN_PUBLISHERS = 2
STALE_AFTER_MONTHS = 36

# --- When scores are recomputed (the scheduler imports these; the page prints them) --

# Sources age, so recency weights move with the calendar even when nobody saves anything.
DAILY_RECOMPUTE_UTC = datetime.time(3, 0)
# A save's recompute runs after its commit; a crash in between leaves a marker that this
# sweep finds and repairs.
SWEEP_EVERY_MINUTES = 5

# (cap, reason). The engine checks each condition; the page lists them in this order.
CAP_NO_EXPERIMENT = (
    Confidence.LOW,
    "no controlled or quasi-experiment that tests the tactic directly or through a "
    "close proxy: correlations cannot show cause and effect",
)
CAP_NO_DIRECT_CONTROLLED = (
    Confidence.MEDIUM,
    "no controlled experiment that tests the tactic itself",
)
CAP_FEW_PUBLISHERS = (
    Confidence.MEDIUM,
    f"fewer than {HIGH_MIN_PUBLISHERS} independent publishers agree, counting only sources "
    f"with a quality weight of {REPLICATION_MIN_WEIGHT} or more (no replication)",
)
CAP_FEW_PLATFORMS = (
    Confidence.MEDIUM,
    f"the evidence covers fewer than {MIN_PLATFORMS} AI platforms",
)
CAP_CONTESTED = (Confidence.MEDIUM, "strong evidence points the other way (contested)")
CAP_MIXED = (Confidence.LOW, "the evidence does not point clearly either way")
CAP_VENDOR_ONLY = (
    Confidence.LOW,
    "all of the evidence comes from vendors that sell a related product",
)
CAP_STALE = (
    Confidence.LOW,
    f"all of the evidence is more than {STALE_AFTER_MONTHS} months old or undated",
)
CONFIDENCE_CAPS = (
    CAP_NO_EXPERIMENT,
    CAP_NO_DIRECT_CONTROLLED,
    CAP_FEW_PUBLISHERS,
    CAP_FEW_PLATFORMS,
    CAP_CONTESTED,
    CAP_MIXED,
    CAP_VENDOR_ONLY,
    CAP_STALE,
)
# Stable names of the caps, in the same order: the page's hooks (data-cap) for readers
# that recompute a grade from the page.
CAP_KEYS = (
    "no-experiment",
    "no-direct-controlled",
    "few-publishers",
    "few-platforms",
    "contested",
    "mixed",
    "vendor-only",
    "stale",
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
        "vendor_interest": percent(VENDOR_INTEREST_WEIGHT),
        "mixed_share": percent(MIXED_SHARE),
        "points_per_source": exact(POINTS_PER_SOURCE),
        "rank_decay_factor": percent(RANK_DECAY),
        "rank_decay": [(rank, percent(RANK_DECAY ** (rank - 1))) for rank in range(1, 6)],
        "max_score": MAX_SCORE,
        "vendor_only_factor": percent(1 - VENDOR_ONLY_FACTOR),
        "narrow_coverage_factor": percent(1 - NARROW_COVERAGE_FACTOR),
        "min_platforms": MIN_PLATFORMS,
        "directions": [
            (
                f"{threshold:.2f} or more",
                for_label.label,
                f"−{threshold:.2f} or less",
                against_label.label,
            )
            for threshold, for_label, against_label in DIRECTION_THRESHOLDS
        ],
        "mixed_direction": Direction.MIXED.label,
        "contested_share": percent(CONTESTED_SHARE),
        "confidence_bands": [
            (f"{minimum} or more", level.label) for minimum, level in CONFIDENCE_BANDS
        ]
        + [(f"under {CONFIDENCE_BANDS[-1][0]}", Confidence.VERY_LOW.label)],
        "confidence_caps": [
            (key, Confidence(cap).label, reason)
            for key, (cap, reason) in zip(CAP_KEYS, CONFIDENCE_CAPS, strict=True)
        ],
        "experimental_methods": [
            Method(value).label.lower() for value in Method.values if value in EXPERIMENTAL_METHODS
        ],
        "replication_min_weight": exact(REPLICATION_MIN_WEIGHT),
        "min_publishers": HIGH_MIN_PUBLISHERS,
        "stale_after_months": STALE_AFTER_MONTHS,
        "daily_recompute_at": f"{DAILY_RECOMPUTE_UTC:%H:%M} UTC",
        "sweep_every_minutes": SWEEP_EVERY_MINUTES,
    }
