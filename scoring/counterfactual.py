"""What would change a grade: the smallest new study that would raise it, and one that
would lower it, found by running the engine itself with that study added.

A named study is therefore never a guess: `hypothetical()` builds exactly the evidence
the sentence describes, and the grade it states is the one `assess()` returns with it.
The studies are deliberately strong and plain (a direct controlled experiment, recent,
an independent study of 10,000 queries, by an organisation not yet represented) so that
the answer says what kind of evidence is missing, not how to game the arithmetic.
"""

from dataclasses import dataclass, replace
from datetime import date

from scoring import rubric as r
from scoring.breakdown import Assessment, GradeChange
from scoring.engine import FOUND, SourceFacts, StanceFacts, assess, assess_platforms
from sources.choices import Directness, Method, Position, SourceType
from tactics.choices import Confidence, Direction
from tactics.grammar import count_noun


@dataclass(frozen=True, slots=True)
class Study:
    key: str
    count: int
    new_platforms: bool

    def words(self, finding: str) -> str:
        studies = count_noun(self.count, "direct controlled experiment")
        studies = studies.replace(str(self.count), NUMBER_WORDS[self.count], 1)
        if self.count > 1:
            who = "each from a different organisation not yet represented"
        else:
            who = "from an organisation not yet represented"
        where = (
            f"on {'a live platform' if self.count == 1 else 'live platforms'} the evidence "
            "has not covered yet"
            if self.new_platforms
            else "on a live platform the evidence already covers"
        )
        return f"{studies} {where}, {who}, that {FOUND[finding]}"


NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}
# Smallest first: the first that moves the grade is the one named.
RAISING = (
    Study("one-covered-platform", 1, False),
    Study("one-new-platform", 1, True),
    Study("two-new-platforms", 2, True),
    Study("three-new-platforms", 3, True),
)
LOWERING = (
    Study("one-covered-platform", 1, False),
    Study("two-covered-platform", 2, False),
    Study("three-covered-platform", 3, False),
)
STUDIES = {study.key: study for study in (*RAISING, *LOWERING)}
SIZE = 10_000


def hypothetical(
    key: str, finding: str, stances: list[StanceFacts], as_of: date
) -> list[StanceFacts]:
    """The new evidence a GradeChange names, as engine input (ids are negative so they
    can never collide with stored ones)."""
    study = STUDIES[key]
    covered = sorted(frozenset().union(*(s.source.platforms for s in stances)))
    new = []
    for n in range(1, study.count + 1):
        if study.new_platforms or not covered:
            platform = f"platform-not-yet-covered-{n}"
        else:
            platform = covered[0]
        source = SourceFacts(
            source_id=-n,
            organisation=f"organisation-not-yet-represented-{n}",
            source_type=SourceType.INDEPENDENT,
            method=Method.CONTROLLED,
            published_on=as_of,
            sample_size=SIZE,
            platforms=frozenset({platform}),
            vendor_interest=False,
        )
        new.append(StanceFacts(-n, finding, Directness.DIRECT, source))
    return new


def _level(confidence: str) -> int:
    return r.CONFIDENCE_ORDER.index(confidence)


def _conclusion(direction: str) -> str:
    """works / harms / no effect / mixed: what a reader acts on, leaning or firm."""
    for outcome, firm, leaning in r.CONCLUSIONS:
        if direction in (firm, leaning):
            return outcome
    return direction


def _lead(assessment: Assessment) -> str:
    """The outcome the score is built on (the stances that earned points)."""
    scored = [c.position for c in assessment.contributions if c.points > 0]
    return scored[0] if scored else Position.IMPROVES


def _opposite(lead: str) -> str:
    return Position.IMPROVES if lead == Position.NO_EFFECT else Position.NO_EFFECT


def _first_change(stances, as_of, current, finding, ladder, moved) -> GradeChange | None:
    for study in ladder:
        added = hypothetical(study.key, finding, stances, as_of)
        after = assess([*stances, *added], as_of)
        if moved(current, after):
            return GradeChange(
                evidence=study.words(finding),
                to_confidence=after.confidence,
                to_direction=after.direction,
                to_score=after.score,
                study=study.key,
                finding=finding,
            )
    return None


def _raises(before: Assessment, after: Assessment) -> bool:
    return (
        _level(after.confidence) > _level(before.confidence)
        and _conclusion(after.direction) == _conclusion(before.direction)
        or (
            before.direction in (Direction.NO_EVIDENCE, Direction.MIXED)
            and after.direction not in (Direction.NO_EVIDENCE, Direction.MIXED)
        )
    )


def _lowers(before: Assessment, after: Assessment) -> bool:
    return _level(after.confidence) < _level(before.confidence) or _conclusion(
        after.direction
    ) != _conclusion(before.direction)


def what_would_change(
    stances: list[StanceFacts], as_of: date, current: Assessment
) -> tuple[GradeChange | None, GradeChange | None]:
    """(would raise, would lower) the grade `current` that `assess(stances)` returned."""
    stances = list(stances)
    finding = _lead(current)  # "improves" when nothing is scored yet
    raise_ = None
    if current.confidence != Confidence.HIGH or current.direction == Direction.MIXED:
        raise_ = _first_change(stances, as_of, current, finding, RAISING, _raises)
    lower = None
    if stances:
        lower = _first_change(stances, as_of, current, _opposite(finding), LOWERING, _lowers)
    return raise_, lower


def grade(stances: list[StanceFacts], as_of: date) -> Assessment:
    """The full grade a tactic stores: the assessment, each live platform's grade and
    what would change it."""
    stances = list(stances)
    assessment = assess(stances, as_of)
    would_raise, would_lower = what_would_change(stances, as_of, assessment)
    return replace(
        assessment,
        would_raise=would_raise,
        would_lower=would_lower,
        platform_grades=assess_platforms(stances, as_of),
    )
