"""Calibration of the pure scoring function, table-style, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from scoring import rubric
from scoring.engine import assess, months_between
from sources.choices import Directness, Method, Position, SourceType
from tactics.choices import Confidence, Direction
from tests.scoring.facts import AS_OF, stance

S, C, M = Position.IMPROVES, Position.NO_EFFECT, Position.MIXED
OBS, CTRL = Method.OBSERVATIONAL, Method.CONTROLLED
IND, INDUSTRY, PEER = SourceType.INDEPENDENT, SourceType.INDUSTRY, SourceType.PEER_REVIEWED
PARTIAL, INDIRECT = Directness.PARTIAL, Directness.INDIRECT


def seed_backlinks():
    """The captured tactic page: 13 supporting sources (one peer-reviewed, mostly
    observational industry and independent studies), one platform, one contradicting
    industry report, dated 2025-2026."""
    aio = ("google-aio",)
    return [
        stance(
            S,
            publisher="Search Engine Land",
            source_type=IND,
            published_on=date(2025, 9, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            publisher="Visible",
            source_type=IND,
            published_on=date(2025, 11, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            publisher="Seer Interactive",
            source_type=IND,
            published_on=date(2025, 10, 1),
            sample_size=None,
            directness=INDIRECT,
            platforms=aio,
        ),
        stance(
            S,
            publisher="Ahrefs",
            source_type=INDUSTRY,
            published_on=date(2025, 7, 1),
            sample_size=75_000,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            publisher="Profound",
            source_type=INDUSTRY,
            published_on=date(2025, 8, 1),
            sample_size=250_000_000,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            publisher="Beeby Clark+Meyler",
            source_type=IND,
            method=Method.EXPERT_OPINION,
            published_on=date(2026, 1, 1),
            sample_size=None,
            directness=INDIRECT,
            platforms=aio,
        ),
        stance(
            S,
            publisher="BrightEdge",
            source_type=INDUSTRY,
            published_on=date(2025, 12, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            publisher="SE Ranking",
            source_type=INDUSTRY,
            published_on=date(2025, 11, 1),
            sample_size=129_000,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            publisher="NoBSMarketplace",
            source_type=INDUSTRY,
            published_on=date(2026, 2, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            publisher="Ahrefs",
            source_type=INDUSTRY,
            published_on=date(2025, 9, 1),
            sample_size=1_400_000,
            directness=INDIRECT,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            publisher="Puerto et al.",
            source_type=PEER,
            method=CTRL,
            published_on=date(2025, 6, 1),
            sample_size=1_921,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            publisher="Seer Interactive",
            source_type=IND,
            published_on=date(2025, 5, 1),
            sample_size=None,
            directness=INDIRECT,
            platforms=aio,
        ),
        stance(
            S,
            publisher="Semrush",
            source_type=INDUSTRY,
            published_on=date(2026, 3, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            C,
            publisher="AirOps",
            source_type=INDUSTRY,
            published_on=date(2026, 4, 1),
            sample_size=None,
            platforms=aio,
            vendor_interest=True,
        ),
    ]


def three_controlled_experiments():
    return [
        stance(
            S,
            source_type=PEER,
            method=CTRL,
            published_on=date(2026, 6, 1),
            sample_size=5_000,
            platforms=("chatgpt",),
        ),
        stance(
            S,
            source_type=PEER,
            method=CTRL,
            published_on=date(2026, 3, 1),
            sample_size=12_000,
            platforms=("perplexity",),
        ),
        stance(
            S,
            source_type=SourceType.OFFICIAL,
            method=CTRL,
            published_on=date(2026, 8, 1),
            sample_size=2_000,
            platforms=("google-aio",),
        ),
    ]


def twenty_practitioner_write_ups():
    return [
        stance(
            S,
            source_type=SourceType.PRACTITIONER,
            method=Method.CASE_STUDY,
            published_on=date(2026, 10, 1),
            sample_size=None,
            platforms=("chatgpt", "perplexity", "google-aio"),
        )
        for _ in range(20)
    ]


def strong_for_and_against():
    def strong(position, platform):
        return stance(
            position,
            source_type=PEER,
            method=CTRL,
            published_on=date(2026, 6, 1),
            sample_size=10_000,
            platforms=(platform,),
        )

    return [
        strong(S, "chatgpt"),
        strong(S, "perplexity"),
        strong(C, "chatgpt"),
        strong(C, "perplexity"),
    ]


def keyword_stuffing():
    """Both controlled studies find no gain (or a loss) from keyword stuffing."""
    return [
        # Aggarwal et al., "GEO: Generative Engine Optimization", KDD 2024 (arXiv Nov 2023).
        stance(
            C,
            publisher="Aggarwal et al. (KDD 2024)",
            source_type=PEER,
            method=CTRL,
            published_on=date(2023, 11, 16),
            sample_size=10_000,
            platforms=("perplexity",),
        ),
        # Puerto et al., "C-SEO Bench", NeurIPS 2025 Datasets and Benchmarks.
        stance(
            C,
            publisher="Puerto et al. (NeurIPS 2025)",
            source_type=PEER,
            method=CTRL,
            published_on=date(2025, 6, 1),
            sample_size=1_921,
            platforms=(),
        ),
    ]


LEVEL = {c: i for i, c in enumerate(rubric.CONFIDENCE_ORDER)}

# case, stances, allowed directions, lowest confidence, highest confidence, contested
CALIBRATION = [
    (
        "seed backlinks tactic",
        seed_backlinks,
        {Direction.WORKS, Direction.LEANS_WORKS},
        Confidence.LOW,
        Confidence.LOW,
        False,
    ),
    (
        "three controlled experiments, three platforms",
        three_controlled_experiments,
        {Direction.WORKS},
        Confidence.HIGH,
        Confidence.HIGH,
        False,
    ),
    (
        "twenty practitioner write-ups",
        twenty_practitioner_write_ups,
        {Direction.WORKS},
        Confidence.VERY_LOW,
        Confidence.LOW,
        False,
    ),
    (
        "strong for, as strong against",
        strong_for_and_against,
        {Direction.MIXED},
        Confidence.VERY_LOW,
        Confidence.MEDIUM,
        True,
    ),
    (
        "keyword stuffing refuted by two controlled studies",
        keyword_stuffing,
        {Direction.NO_EFFECT},
        Confidence.MEDIUM,
        Confidence.HIGH,
        False,
    ),
]


@pytest.mark.parametrize(
    "build, directions, lowest, highest, contested",
    [case[1:] for case in CALIBRATION],
    ids=[case[0] for case in CALIBRATION],
)
def test_calibration(build, directions, lowest, highest, contested):
    result = assess(build(), AS_OF)
    assert result.direction in directions
    assert LEVEL[lowest] <= LEVEL[result.confidence] <= LEVEL[highest], result.confidence_reasons
    assert result.contested is contested
    assert_sums_to_score(result)


def test_no_stances_scores_zero_with_very_low_confidence():
    result = assess([], AS_OF)
    assert result.score == Decimal("0.0")
    assert result.confidence == Confidence.VERY_LOW
    assert result.direction == Direction.NO_EVIDENCE
    assert result.contributions == () and result.adjustments == ()
    assert result.as_dict()["score"] == "0.0"


def test_seed_counts_and_platforms_match_the_page():
    result = assess(seed_backlinks(), AS_OF)
    assert (result.supporting, result.contradicting, result.mixed) == (13, 1, 0)
    assert result.platforms == ("google-aio",)
    assert result.score < rubric.CONFIDENCE_BANDS[1][0]  # below the Medium band too


def test_refuted_tactic_scores_as_well_as_an_equally_supported_one():
    """The score measures certainty, not approval."""
    refuted = assess(keyword_stuffing(), AS_OF)
    mirrored = [
        s.__class__(s.stance_id, Position.IMPROVES, s.directness, s.source)
        for s in keyword_stuffing()
    ]
    supported = assess(mirrored, AS_OF)
    assert refuted.score == supported.score > 0
    assert supported.direction == Direction.WORKS


def assert_sums_to_score(result):
    total = sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)
    assert total == result.score
    assert Decimal(0) <= result.score <= rubric.MAX_SCORE
    assert str(result.score) == str(result.score.quantize(Decimal("0.1")))


def test_contradicting_evidence_rates_the_body_down_and_is_explained():
    alone = assess(seed_backlinks()[:-1], AS_OF)
    with_airops = assess(seed_backlinks(), AS_OF)
    assert with_airops.score < alone.score
    labels = [a.label for a in with_airops.adjustments]
    assert "Rated down for inconsistency" in labels
    airops = next(c for c in with_airops.contributions if c.position == C)
    assert airops.points == 0
    assert any("other way" in reason for reason in airops.reasons)


def test_contribution_reasons_are_plain_english():
    old_indirect = stance(
        S,
        method=CTRL,
        source_type=PEER,
        published_on=date(2024, 9, 1),
        directness=INDIRECT,
        sample_size=20_000,
    )
    [contribution] = assess([old_indirect], AS_OF).contributions
    assert "controlled experiment" in contribution.reasons
    assert "published 26 months ago: counts 60%" in contribution.reasons
    assert "indirect evidence: counts 40%" in contribution.reasons
    assert contribution.weight == Decimal("0.24")  # 1 x 1 x 1 x 0.4 x 0.6
    assert contribution.points == Decimal("4.8")  # 20 points x 0.24


def test_many_weak_sources_cannot_outscore_one_strong_one():
    weak = assess(twenty_practitioner_write_ups() * 5, AS_OF)
    strong = assess(three_controlled_experiments()[:1], AS_OF)
    assert weak.score < strong.score


def test_vendor_only_evidence_is_rated_down_and_capped_at_low():
    vendors = [
        stance(
            S,
            source_type=INDUSTRY,
            method=CTRL,
            vendor_interest=True,
            platforms=("chatgpt", "perplexity"),
        )
        for _ in range(3)
    ]
    result = assess(vendors, AS_OF)
    assert "Rated down for vendor-only evidence" in [a.label for a in result.adjustments]
    assert LEVEL[result.confidence] <= LEVEL[Confidence.LOW]


def test_all_stale_evidence_is_at_most_low():
    old = [
        stance(
            S,
            source_type=PEER,
            method=CTRL,
            published_on=date(2021, 1, 1),
            sample_size=50_000,
            platforms=("chatgpt", "perplexity"),
        )
        for _ in range(3)
    ]
    result = assess(old, AS_OF)
    assert result.confidence in (Confidence.LOW, Confidence.VERY_LOW)
    assert any("months old" in reason for reason in result.confidence_reasons)


def test_only_mixed_findings_point_nowhere():
    result = assess([stance(M, method=CTRL, source_type=PEER) for _ in range(3)], AS_OF)
    assert result.direction == Direction.MIXED
    assert LEVEL[result.confidence] <= LEVEL[Confidence.LOW]
    assert_sums_to_score(result)


@pytest.mark.parametrize(
    "published, expected",
    [
        (date(2026, 11, 25), 0),
        (date(2026, 10, 26), 0),
        (date(2026, 10, 25), 1),
        (date(2024, 9, 1), 26),
        (date(2027, 1, 1), 0),
    ],
)
def test_months_between(published, expected):
    assert months_between(published, AS_OF) == expected


def test_as_dict_is_json_serialisable_with_decimals_as_strings():
    import json

    data = assess(seed_backlinks(), AS_OF).as_dict()
    assert json.loads(json.dumps(data)) == data
    assert isinstance(data["score"], str)
    assert all(isinstance(c["points"], str) for c in data["contributions"])


def test_the_breakdown_prints_weights_and_rank_shares_in_full():
    """A reader recomputes from the page: a weight rounded to 3 decimals, or a rank share
    truncated to "21%", made the hand sum miss."""
    body = [
        stance(S, source_type=INDUSTRY, sample_size=50, directness=PARTIAL, vendor_interest=True)
        for _ in range(5)
    ]
    result = assess(body, AS_OF)
    data = result.as_dict()
    # 0.45 x 0.7 x 0.6 x 0.7 x 1.0 x 0.8
    assert {c["weight"] for c in data["contributions"]} == {"0.10584"}
    reasons = [c.reasons[-1] for c in result.contributions]
    assert reasons[3].endswith("counts 21.6%") and reasons[4].endswith("counts 12.96%")


def test_the_inconsistency_share_is_printed_as_the_exact_factor_kept():
    body = seed_backlinks()
    result = assess(body, AS_OF)
    [inconsistency] = [a for a in result.adjustments if "inconsistency" in a.label]
    weights = {c.position: Decimal(0) for c in result.contributions}
    for c in result.contributions:
        weights[c.position] += c.weight
    total = sum(weights.values())
    assert inconsistency.reason.endswith(
        f"the score keeps {rubric.exact(weights[S])}/{rubric.exact(total)}"
    )


def test_a_rating_down_that_lands_on_a_half_rounds_up_as_by_hand():
    """1.3 x 0.06528/0.07488 x 0.75 is exactly 0.85: rounded half up, 0.9. With the share
    held to 28 digits (0.8717948717...) the engine computed 0.849999... and showed 0.8."""
    two_platforms = ("chatgpt", "perplexity")
    lead = stance(
        S,
        method=CTRL,
        source_type=SourceType.PREPRINT,
        sample_size=50,
        directness=INDIRECT,
        published_on=None,
        vendor_interest=True,
        platforms=two_platforms,
    )
    against = stance(
        C,
        method=Method.SURVEY,
        source_type=SourceType.EXPERT_OPINION,
        sample_size=50,
        directness=INDIRECT,
        published_on=None,
        platforms=two_platforms,
    )
    result = assess([lead, against], AS_OF)
    assert [c.weight for c in result.contributions] == [Decimal("0.06528"), Decimal("0.0096")]
    assert [a.points for a in result.adjustments] == [Decimal("-0.2"), Decimal("-0.2")]
    assert result.score == Decimal("0.9")
