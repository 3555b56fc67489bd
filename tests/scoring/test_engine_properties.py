"""Properties of the pure scoring function that must hold for any body of evidence."""

import dataclasses
import re
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from math import floor

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring import rubric
from scoring.counterfactual import grade, hypothetical
from scoring.engine import Effect, SourceFacts, StanceFacts, assess, assess_platforms
from sources.choices import Directness, EffectKind, Method, Position, SourceType
from tactics.choices import Direction
from tests.scoring.facts import AS_OF

# Mirroring swaps what was found to improve and to worsen; a null stays a null.
MIRROR = {
    Position.IMPROVES: Position.WORSENS,
    Position.WORSENS: Position.IMPROVES,
    Position.NO_EFFECT: Position.NO_EFFECT,
    Position.MIXED: Position.MIXED,
}
MIRROR_DIRECTION = {
    Direction.WORKS: Direction.HARMS,
    Direction.LEANS_WORKS: Direction.LEANS_HARMS,
    Direction.HARMS: Direction.WORKS,
    Direction.LEANS_HARMS: Direction.LEANS_WORKS,
    Direction.NO_EFFECT: Direction.NO_EFFECT,
    Direction.LEANS_NO_EFFECT: Direction.LEANS_NO_EFFECT,
    Direction.MIXED: Direction.MIXED,
    Direction.NO_EVIDENCE: Direction.NO_EVIDENCE,
}
# The outcome that backs each direction.
BACKED_BY = {
    direction: outcome
    for outcome, firm, leaning in rubric.CONCLUSIONS
    for direction in (firm, leaning)
}
PLATFORMS = ["chatgpt", "perplexity", "google-aio", "gemini", "copilot"]
# From strongest to weakest, as the rubric orders them.
METHODS_BY_STRENGTH = sorted(rubric.METHOD_WEIGHTS, key=rubric.METHOD_WEIGHTS.get, reverse=True)
DIRECTNESS_BY_STRENGTH = [Directness.DIRECT, Directness.PARTIAL, Directness.INDIRECT]

sources = st.builds(
    SourceFacts,
    source_id=st.just(0),
    organisation=st.sampled_from(["Ahrefs", "Profound", "Princeton", "Google", "Seer"]),
    source_type=st.sampled_from(list(SourceType)),
    method=st.sampled_from(list(Method)),
    published_on=st.one_of(
        st.none(), st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 6, 30))
    ),
    sample_size=st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
    platforms=st.frozensets(st.sampled_from(PLATFORMS)),
    vendor_interest=st.booleans(),
    lab_engine=st.sampled_from(["", "GPT-4o answering over the top five results"]),
)
effects = st.one_of(
    st.none(),
    st.builds(
        Effect,
        kind=st.sampled_from(list(EffectKind)),
        value=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(90), places=2),
    ),
)
stance_bodies = st.builds(
    StanceFacts,
    stance_id=st.just(0),
    position=st.sampled_from(list(Position)),
    directness=st.sampled_from(list(Directness)),
    source=sources,
    effect=effects,
)


def numbered(stances, start=1):
    """Give each stance (and its source) a distinct id, as the database would."""
    return [
        dataclasses.replace(s, stance_id=i, source=dataclasses.replace(s.source, source_id=i))
        for i, s in enumerate(stances, start=start)
    ]


bodies = st.lists(stance_bodies, max_size=25).map(numbered)


def total(result):
    return sum(c.points for c in result.contributions) + sum(a.points for a in result.adjustments)


@settings(deadline=None)
@given(bodies)
def test_score_is_within_bounds_and_sums_exactly(stances):
    result = assess(stances, AS_OF)
    assert Decimal(0) <= result.score <= rubric.MAX_SCORE
    assert result.score == result.score.quantize(Decimal("0.1"))
    assert re.fullmatch(r"\d{1,2}\.\d", result.as_dict()["score"])
    assert total(result) == result.score
    assert len(result.contributions) == len(stances)


@settings(deadline=None)
@given(bodies, st.randoms(use_true_random=False))
def test_deterministic_and_independent_of_order(stances, rnd):
    shuffled = list(stances)
    rnd.shuffle(shuffled)
    assert assess(stances, AS_OF) == assess(shuffled, AS_OF) == assess(stances, AS_OF)


@settings(deadline=None)
@given(bodies)
def test_mirroring_keeps_score_and_confidence_and_mirrors_direction(stances):
    mirrored = [dataclasses.replace(s, position=MIRROR[s.position]) for s in stances]
    a, b = assess(stances, AS_OF), assess(mirrored, AS_OF)
    assert (a.score, a.confidence, a.contested) == (b.score, b.confidence, b.contested)
    assert b.direction == MIRROR_DIRECTION[a.direction]
    assert (a.improves, a.no_effect, a.worsens) == (b.worsens, b.no_effect, b.improves)
    assert a.impact == b.impact
    mirrored_grades = assess_platforms(mirrored, AS_OF)
    for pa, pb in zip(assess_platforms(stances, AS_OF), mirrored_grades, strict=True):
        assert (pa.platform, pa.score, pa.confidence) == (pb.platform, pb.score, pb.confidence)
        assert pb.direction == MIRROR_DIRECTION[pa.direction]


def _with_position(new, position):
    return dataclasses.replace(new, position=position)


@settings(deadline=None)
@given(bodies, stance_bodies)
def test_adding_an_agreeing_stance_never_lowers_the_score(stances, new):
    before = assess(stances, AS_OF)
    assume(before.direction in BACKED_BY)
    agreeing = BACKED_BY[before.direction]
    [added] = numbered([_with_position(new, agreeing)], start=len(stances) + 1)
    after = assess([*stances, added], AS_OF)
    assert after.score >= before.score


@settings(deadline=None)
@given(bodies, stance_bodies)
def test_adding_a_disagreeing_stance_never_raises_the_score_while_direction_holds(stances, new):
    before = assess(stances, AS_OF)
    assume(before.direction in BACKED_BY)
    others = [o for o in BACKED_BY.values() if o != BACKED_BY[before.direction]]
    for position in (*others, Position.MIXED):
        [added] = numbered([_with_position(new, position)], start=len(stances) + 1)
        after = assess([*stances, added], AS_OF)
        if after.direction == before.direction:
            assert after.score <= before.score


def _weaker_variants(s: StanceFacts):
    source = s.source
    if source.published_on is not None:
        yield dataclasses.replace(
            s,
            source=dataclasses.replace(
                source, published_on=source.published_on - timedelta(days=400)
            ),
        )
        yield dataclasses.replace(s, source=dataclasses.replace(source, published_on=None))
    position = DIRECTNESS_BY_STRENGTH.index(s.directness)
    for weaker in DIRECTNESS_BY_STRENGTH[position + 1 :]:
        yield dataclasses.replace(s, directness=weaker)
    position = METHODS_BY_STRENGTH.index(source.method)
    for weaker in METHODS_BY_STRENGTH[position + 1 :]:
        yield dataclasses.replace(s, source=dataclasses.replace(source, method=weaker))


def _contribution(result, stance_id):
    return next(c for c in result.contributions if c.stance_id == stance_id)


@settings(max_examples=200, deadline=None)
@given(bodies.filter(bool), st.data())
def test_older_less_direct_or_weaker_method_never_raises_a_contribution(stances, data):
    index = data.draw(st.integers(min_value=0, max_value=len(stances) - 1))
    target = stances[index]
    before = _contribution(assess(stances, AS_OF), target.stance_id)
    for weaker in _weaker_variants(target):
        changed = [*stances[:index], weaker, *stances[index + 1 :]]
        after = _contribution(assess(changed, AS_OF), target.stance_id)
        assert after.weight <= before.weight
        assert after.points <= before.points


def _half_up(value: Fraction) -> Decimal:
    return Decimal(floor(value * 10 + Fraction(1, 2))).scaleb(-1).quantize(Decimal("0.1"))


@settings(deadline=None)
@given(bodies)
def test_the_stored_breakdown_is_enough_to_redo_the_rating_down_by_hand(stances):
    """What the page prints (the stored breakdown) holds every weight in full and the
    inconsistency factor as an exact fraction: redone with exact arithmetic and rounded
    half up, each rating-down line comes out as printed."""
    result = assess(stances, AS_OF)
    stored = result.as_dict()
    assert [Decimal(c["weight"]) for c in stored["contributions"]] == [
        c.weight for c in result.contributions
    ]
    shown = sum((Decimal(c["points"]) for c in stored["contributions"]), Decimal("0.0"))
    running = Fraction(shown)
    factors = {"Rated down for narrow coverage": Fraction(rubric.NARROW_COVERAGE_FACTOR)}
    for item in stored["adjustments"]:
        if item["label"] == "Capped at the maximum":
            running = Fraction(rubric.MAX_SCORE)
        elif item["label"] == "Rated down for inconsistency":
            kept, total = re.search(r"keeps ([\d.]+)/([\d.]+)$", item["reason"]).groups()
            running *= Fraction(kept) / Fraction(total)
        else:
            running *= factors[item["label"]]
        assert Decimal(item["points"]) == _half_up(running) - shown, item
        shown = _half_up(running)
    assert shown == result.score


@settings(deadline=None)
@given(bodies, st.randoms(use_true_random=False))
def test_platform_grades_are_independent_of_order(stances, rnd):
    shuffled = list(stances)
    rnd.shuffle(shuffled)
    assert assess_platforms(stances, AS_OF) == assess_platforms(shuffled, AS_OF)


@settings(deadline=None)
@given(bodies, stance_bodies, st.sampled_from(PLATFORMS))
def test_a_study_of_another_live_platform_never_moves_a_platforms_grade(stances, new, slug):
    """A platform's grade reads only its own live evidence and lab studies: a study that
    tested other live platforms (and no lab engine) leaves it exactly as it was."""
    others = frozenset(PLATFORMS) - {slug}
    elsewhere = dataclasses.replace(
        new, source=dataclasses.replace(new.source, platforms=others, lab_engine="")
    )
    [added] = numbered([elsewhere], start=len(stances) + 1)
    before = {g.platform: g for g in assess_platforms(stances, AS_OF)}
    after = {g.platform: g for g in assess_platforms([*stances, added], AS_OF)}
    if slug in before:
        assert after[slug] == before[slug]
    else:
        assert slug not in after


@settings(deadline=None)
@given(bodies)
def test_adding_the_study_the_grade_names_moves_it_as_stated(stances):
    """What would change the grade is computed, not guessed: adding exactly the evidence
    it names gives exactly the grade it states, higher for a raise, lower (or another
    conclusion) for a fall."""
    graded = grade(stances, AS_OF)
    order = rubric.CONFIDENCE_ORDER
    for change, sign in ((graded.would_raise, 1), (graded.would_lower, -1)):
        if change is None:
            continue
        added = hypothetical(change.study, change.finding, stances, AS_OF)
        after = assess([*stances, *added], AS_OF)
        assert (after.confidence, after.direction, after.score) == (
            change.to_confidence,
            change.to_direction,
            change.to_score,
        )
        moved = order.index(after.confidence) - order.index(graded.confidence)
        if sign > 0:
            assert moved > 0 or graded.direction in (Direction.MIXED, Direction.NO_EVIDENCE)
        else:
            assert moved < 0 or after.direction != graded.direction
