"""Calibration of the pure scoring function, table-style, without a database."""

from datetime import date
from decimal import Decimal

import pytest

from scoring import rubric
from scoring.engine import assess, assess_platforms, months_between
from sources.choices import Directness, Method, Position, SourceType
from tactics.choices import Confidence, Direction
from tests.scoring.facts import AS_OF, effect, stance

S, N, W, M = Position.IMPROVES, Position.NO_EFFECT, Position.WORSENS, Position.MIXED
C = N  # a stance against "works" in the older cases: a null
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
            organisation="Search Engine Land",
            source_type=IND,
            published_on=date(2025, 9, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            organisation="Visible",
            source_type=IND,
            published_on=date(2025, 11, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            organisation="Seer Interactive",
            source_type=IND,
            published_on=date(2025, 10, 1),
            sample_size=None,
            directness=INDIRECT,
            platforms=aio,
        ),
        stance(
            S,
            organisation="Ahrefs",
            source_type=INDUSTRY,
            published_on=date(2025, 7, 1),
            sample_size=75_000,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            organisation="Profound",
            source_type=INDUSTRY,
            published_on=date(2025, 8, 1),
            sample_size=250_000_000,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            organisation="Beeby Clark+Meyler",
            source_type=IND,
            method=Method.EXPERT_OPINION,
            published_on=date(2026, 1, 1),
            sample_size=None,
            directness=INDIRECT,
            platforms=aio,
        ),
        stance(
            S,
            organisation="BrightEdge",
            source_type=INDUSTRY,
            published_on=date(2025, 12, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            organisation="SE Ranking",
            source_type=INDUSTRY,
            published_on=date(2025, 11, 1),
            sample_size=129_000,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            organisation="NoBSMarketplace",
            source_type=INDUSTRY,
            published_on=date(2026, 2, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            organisation="Ahrefs",
            source_type=INDUSTRY,
            published_on=date(2025, 9, 1),
            sample_size=1_400_000,
            directness=INDIRECT,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            S,
            organisation="Puerto et al.",
            source_type=PEER,
            method=CTRL,
            published_on=date(2025, 6, 1),
            sample_size=1_921,
            directness=PARTIAL,
            platforms=aio,
        ),
        stance(
            S,
            organisation="Seer Interactive",
            source_type=IND,
            published_on=date(2025, 5, 1),
            sample_size=None,
            directness=INDIRECT,
            platforms=aio,
        ),
        stance(
            S,
            organisation="Semrush",
            source_type=INDUSTRY,
            published_on=date(2026, 3, 1),
            sample_size=None,
            directness=PARTIAL,
            platforms=aio,
            vendor_interest=True,
        ),
        stance(
            C,
            organisation="AirOps",
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


GEO_BENCH = "GPT-3.5-turbo answering over the top five Google results"
C_SEO = "Llama-3 and GPT-4o answering over a fixed set of competing pages"


def keyword_stuffing():
    """Both controlled studies found keyword stuffing LOWERED visibility below the
    untouched page: GEO-bench (lab, with a check on live Perplexity) and C-SEO Bench
    (lab only). Two organisations, a harm each: "harms", at least Medium."""
    return [
        # Aggarwal et al., "GEO: Generative Engine Optimization", KDD 2024.
        stance(
            W,
            organisation="Princeton University",
            source_type=PEER,
            method=CTRL,
            published_on=date(2024, 8, 25),
            sample_size=10_000,
            platforms=("perplexity",),
            lab_engine=GEO_BENCH,
            effect=effect("relative", "-9", "−9% visibility"),
        ),
        # Puerto et al., "C-SEO Bench", NeurIPS 2025 Datasets and Benchmarks.
        stance(
            W,
            organisation="Parameter Lab",
            source_type=PEER,
            method=CTRL,
            published_on=date(2025, 6, 6),
            sample_size=1_921,
            platforms=(),
            lab_engine=C_SEO,
        ),
    ]


def nulls_in_the_lab():
    """Authoritative tone and formatting-only edits: the controlled studies found no
    meaningful gain, which is not a harm."""
    return [
        stance(
            N,
            organisation="Princeton University",
            source_type=PEER,
            method=CTRL,
            published_on=date(2024, 8, 25),
            sample_size=10_000,
            platforms=("perplexity",),
            lab_engine=GEO_BENCH,
        ),
        stance(
            N,
            organisation="Parameter Lab",
            source_type=PEER,
            method=CTRL,
            published_on=date(2025, 6, 6),
            sample_size=1_921,
            lab_engine=C_SEO,
        ),
    ]


def schema_markup():
    """A vendor's difference-in-differences study (1,885 pages against about 4,000 matched
    controls: noise on two surfaces, a small fall on one), a preprint whose corrected model
    is null, a vendor's observational null, and one observational association."""
    surfaces = ("google-aio", "google-ai-mode", "chatgpt")
    return [
        stance(
            N,
            organisation="Ahrefs",
            source_type=INDUSTRY,
            method=Method.QUASI_EXPERIMENT,
            published_on=date(2026, 5, 11),
            sample_size=1_885,
            platforms=surfaces,
            vendor_interest=True,
        ),
        stance(
            N,
            organisation="Growth Marshal",
            source_type=SourceType.PREPRINT,
            published_on=date(2026, 2, 1),
            sample_size=1_006,
            platforms=("chatgpt", "gemini"),
            vendor_interest=True,
            effect=effect("odds_ratio", "0.68"),
        ),
        stance(
            N,
            organisation="Search Atlas",
            source_type=INDUSTRY,
            published_on=date(2026, 1, 1),
            sample_size=None,
            platforms=("chatgpt", "gemini", "perplexity"),
            vendor_interest=True,
        ),
        stance(
            S,
            organisation="Kevin Indig",
            source_type=IND,
            published_on=date(2025, 11, 1),
            sample_size=1_100,
            platforms=("brave", "google-aio", "perplexity"),
        ),
    ]


def llms_txt():
    """Three consistent observational nulls over about 350,000 domains, all from vendors."""
    return [
        stance(
            N,
            organisation="SE Ranking",
            source_type=INDUSTRY,
            published_on=date(2025, 11, 1),
            sample_size=300_000,
            platforms=("chatgpt", "perplexity", "google-aio"),
            vendor_interest=True,
        ),
        stance(
            N,
            organisation="Search Atlas",
            source_type=INDUSTRY,
            published_on=date(2026, 1, 1),
            sample_size=13_911,
            platforms=("chatgpt", "perplexity", "gemini"),
            vendor_interest=True,
        ),
        stance(
            N,
            organisation="Trakkr",
            source_type=INDUSTRY,
            published_on=date(2026, 3, 1),
            sample_size=37_894,
            platforms=("chatgpt", "perplexity"),
            vendor_interest=True,
        ),
    ]


def two_live_experiments():
    """Two independent direct controlled experiments, recent, on two live platforms,
    from two organisations: what the field could produce this year."""
    return [
        stance(
            S,
            organisation=organisation,
            source_type=PEER,
            method=CTRL,
            published_on=date(2026, 9, 1),
            sample_size=10_000,
            platforms=(platform,),
        )
        for organisation, platform in (("Lab A", "chatgpt"), ("Lab B", "perplexity"))
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
        "two independent live experiments, two platforms, two organisations",
        two_live_experiments,
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
        "keyword stuffing lowered visibility in both controlled studies",
        keyword_stuffing,
        {Direction.HARMS},
        Confidence.MEDIUM,
        Confidence.HIGH,
        False,
    ),
    (
        "authoritative tone and formatting-only edits: nulls in the lab",
        nulls_in_the_lab,
        {Direction.NO_EFFECT},
        Confidence.LOW,
        Confidence.MEDIUM,
        False,
    ),
    (
        "schema markup: a vendor quasi-experiment and corrected nulls",
        schema_markup,
        {Direction.NO_EFFECT, Direction.LEANS_NO_EFFECT},
        Confidence.LOW,
        Confidence.LOW,
        False,
    ),
    (
        "llms.txt: three observational nulls over 350,000 domains",
        llms_txt,
        {Direction.NO_EFFECT},
        Confidence.LOW,
        Confidence.LOW,
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
    assert (result.improves, result.no_effect, result.worsens, result.mixed) == (13, 1, 0, 0)
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
    assert any("found no detectable effect: weighed in" in reason for reason in airops.reasons)


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


def test_vendor_interest_is_rated_down_once_as_a_cap_at_low():
    """GRADE rates publication bias down once: the vendor-only cap. The weights and the
    score are those of the same studies by organisations with nothing to sell."""

    def body(vendor):
        return [
            stance(
                S,
                organisation=f"Vendor {n}",
                source_type=INDUSTRY,
                method=CTRL,
                vendor_interest=vendor,
                platforms=("chatgpt", "perplexity"),
            )
            for n in range(3)
        ]

    vendors, independents = assess(body(True), AS_OF), assess(body(False), AS_OF)
    assert vendors.score == independents.score
    assert [c.weight for c in vendors.contributions] == [
        c.weight for c in independents.contributions
    ]
    assert LEVEL[independents.confidence] > LEVEL[Confidence.LOW]
    assert vendors.confidence == Confidence.LOW
    assert [cap.key for cap in vendors.caps] == ["vendor-only"]


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
        stance(
            S,
            source_type=INDUSTRY,
            sample_size=50,
            directness=PARTIAL,
            platforms=(),
            lab_engine=C_SEO,
        )
        for _ in range(5)
    ]
    result = assess(body, AS_OF)
    data = result.as_dict()
    # 0.45 x 0.7 x 0.6 x 0.7 x 1.0, and 0.75 for a simulated engine only
    assert {c["weight"] for c in data["contributions"]} == {"0.099225"}
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
    """1.7 x 0.084/0.11424 is exactly 1.25: rounded half up, 1.3. With the share held to
    28 digits (0.73529411...) it comes to 1.2499999... and would show 1.2. Then narrow
    coverage: 1.25 x 0.9 = 1.125, shown 1.1."""
    lead = stance(
        S,
        method=CTRL,
        source_type=SourceType.PRACTITIONER,
        sample_size=50,
        directness=PARTIAL,
        published_on=None,
        platforms=("chatgpt",),
    )
    against = stance(
        N,
        method=OBS,
        source_type=INDUSTRY,
        sample_size=50,
        directness=INDIRECT,
        published_on=None,
        platforms=("chatgpt",),
    )
    result = assess([lead, against], AS_OF)
    assert [c.weight for c in result.contributions] == [Decimal("0.084"), Decimal("0.03024")]
    assert [c.points for c in result.contributions] == [Decimal("1.7"), Decimal("0.0")]
    assert [a.points for a in result.adjustments] == [Decimal("-0.4"), Decimal("-0.2")]
    assert result.score == Decimal("1.1")


def test_impact_is_the_weighted_middle_of_the_reported_effects_on_the_scored_side():
    body = [
        stance(S, method=CTRL, source_type=PEER, effect=effect("relative", "33", "+33%")),
        stance(S, method=CTRL, source_type=PEER, effect=effect("relative", "41", "+41%")),
        stance(S, method=OBS, source_type=INDUSTRY, effect=effect("correlation", "0.05")),
        stance(N, method=OBS, effect=effect("relative", "90")),  # another side: not counted
    ]
    result = assess(body, AS_OF)
    assert result.direction == Direction.WORKS
    assert result.impact == "large"  # the two experiments outweigh the weak correlation
    assert "3 reported effects" in result.impact_reason
    assert "+33% (large)" in result.impact_reason
    nothing = assess([stance(N), stance(N)], AS_OF)
    assert (nothing.direction, nothing.impact) == (Direction.NO_EFFECT, "negligible")
    unreported = assess([stance(S)], AS_OF)
    assert unreported.impact == "unknown"


def test_lab_evidence_is_indirect_and_covers_no_live_platform():
    lab = stance(S, method=CTRL, source_type=PEER, platforms=(), lab_engine=C_SEO)
    live = stance(S, method=CTRL, source_type=PEER, platforms=("chatgpt",))
    [lab_part] = assess([lab], AS_OF).contributions
    [live_part] = assess([live], AS_OF).contributions
    assert lab_part.weight == live_part.weight * rubric.LAB_ENGINE_WEIGHT
    assert "a simulated engine, not a live AI platform: counts 75%" in lab_part.reasons
    lab_only = assess([lab], AS_OF)
    assert lab_only.platforms == ()
    assert "lab-only" in [cap.key for cap in lab_only.caps]


def test_a_platform_grade_counts_its_own_live_evidence_and_lab_studies_only():
    """An official statement counts only for the platform that issued it; a study of
    ChatGPT says nothing about Google's surfaces."""
    google = stance(
        N,
        organisation="Google",
        source_type=SourceType.OFFICIAL,
        method=Method.EXPERT_OPINION,
        platforms=("google-aio", "google-ai-mode"),
    )
    chatgpt = stance(S, method=CTRL, source_type=PEER, platforms=("chatgpt",))
    lab = stance(S, method=CTRL, source_type=PEER, platforms=(), lab_engine=C_SEO)
    general = stance(S, platforms=())  # names no platform and no engine
    grades = {g.platform: g for g in assess_platforms([google, chatgpt, lab, general], AS_OF)}
    assert sorted(grades) == ["chatgpt", "google-ai-mode", "google-aio"]
    assert (grades["chatgpt"].sources, grades["chatgpt"].live_sources) == (2, 1)
    assert grades["chatgpt"].direction == Direction.WORKS
    assert (grades["google-aio"].sources, grades["google-aio"].live_sources) == (2, 1)
    # Google's surfaces: the statement (a null) and the lab study, which outweighs it.
    assert grades["google-aio"].direction == Direction.WORKS
    assert grades["google-aio"].score < grades["chatgpt"].score
