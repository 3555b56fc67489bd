"""Every generated sentence holds for every count (issue 8, item 2), and says the grade's
own conclusion (issue 9): works, no effect (do not rely on it) or harms (avoid it).

Hypothesis draws the evidence the engine can produce (0 to 6 sources of each outcome:
improves, no detectable effect, worsens, mixed; every confidence, direction and impact;
the platforms of each outcome, replicating organisations, designs, peer review, lab
studies) and every generated text is read the way a visitor would: each number must be
the count it claims to be, and no "All 2", "1 … contradict", "0 found" or "they" of a
single source may appear. A number no check recognises fails the test, so a new sentence
that counts something must be checked here too.
"""

import re
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sources.choices import Method, Position, SourceType
from tactics.choices import Confidence, Direction, Effort, Impact
from tactics.faq_texts import generated_faqs
from tactics.texts import (
    AGAINST,
    BACKED_BY,
    HARMS_SIDE,
    NO_EFFECT_SIDE,
    WORKS_SIDE,
    EvidenceFacts,
    confidence_statement,
    effort_level,
    evidence_against_summary,
    full_verdict,
    implementation_caution,
)

PLATFORMS = ("Google AI Overviews", "ChatGPT", "Perplexity", "Gemini")
COUNT = st.integers(0, 6)
WORDS = {"one": 1, "both": 2, "neither": 2}
OUTCOME_OF = {
    "found it improves visibility": "improves",
    "found no detectable effect": "no_effect",
    "found it worsens visibility": "worsens",
    "found mixed results": "mixed",
}
FOUND = "|".join(re.escape(phrase) for phrase in OUTCOME_OF)


def _possible(counts: dict, direction) -> bool:
    """The combinations the engine can produce: the outcome a direction rests on has
    sources, and a body whose sources all found one outcome points that way."""
    total = sum(counts.values())
    if direction == Direction.NO_EVIDENCE:
        return total == 0
    if not total:
        return False
    backing = BACKED_BY.get(direction)
    if backing is not None:
        return counts[backing] > 0
    return counts[Position.MIXED] > 0 or sum(1 for o in counts if counts[o] and o != "mixed") > 1


@st.composite
def evidence(draw):
    counts = {outcome: draw(COUNT) for outcome in Position.values}
    direction = draw(st.sampled_from(Direction.values))
    assume(_possible(counts, direction))
    total = sum(counts.values())

    def platforms(count):
        if not count:
            return ()
        return tuple(p for p in PLATFORMS if draw(st.booleans()))

    sides = {outcome: platforms(count) for outcome, count in counts.items()}
    every_platform = tuple(p for p in PLATFORMS if any(p in side for side in sides.values()))
    methods = draw(st.lists(st.sampled_from(Method.values), min_size=total, max_size=total))
    backing = BACKED_BY.get(direction)
    return EvidenceFacts(
        action_name="adding statistics to your content",
        confidence=draw(st.sampled_from(Confidence.values)),
        direction=direction,
        score=(Decimal(draw(st.integers(0, 350))) / 10).quantize(Decimal("0.1")),
        impact=draw(st.sampled_from(Impact.values)),
        improves=counts[Position.IMPROVES],
        no_effect=counts[Position.NO_EFFECT],
        worsens=counts[Position.WORSENS],
        mixed=counts[Position.MIXED],
        platform_names=every_platform,
        improves_platforms=sides[Position.IMPROVES],
        no_effect_platforms=sides[Position.NO_EFFECT],
        worsens_platforms=sides[Position.WORSENS],
        mixed_platforms=sides[Position.MIXED],
        independent_backing=draw(st.integers(0, counts[backing])) if backing else 0,
        official_organisations=tuple(
            draw(st.lists(st.sampled_from(["Google", "OpenAI"]), max_size=2, unique=True))
        ),  # fmt: skip
        method_counts=tuple(Counter(methods).most_common()),
        peer_reviewed=draw(st.integers(0, total)),
        lab_only=draw(st.integers(0, total)),
        contested=draw(st.booleans()),
        source_types=tuple(draw(st.lists(st.sampled_from(SourceType.values), unique=True))),
        effort=draw(st.sampled_from(Effort.values)),
    )


def texts_of(f: EvidenceFacts) -> dict[str, str]:
    texts = {
        "verdict": full_verdict(f.confidence, f.direction, "the studies measured citations."),
        "statement": confidence_statement(f),
        "caution": implementation_caution(f),
        "against": evidence_against_summary(f),
    }
    for index, faq in enumerate(generated_faqs(f)):
        texts[f"faq{index} question"] = faq.question
        texts[f"faq{index} answer"] = faq.answer
    return texts


def _number(token: str) -> int:
    return WORDS[token.lower()] if token.lower() in WORDS else int(token)


def count_checks(f: EvidenceFacts):
    """(pattern, expected count) for every way a text states a count."""
    of = {name: f.count(name) for name in Position.values}
    designs = dict(f.method_counts)
    groups = {
        "that found it improves visibility": f.improves,
        "that found no detectable effect": f.no_effect,
        "that found it worsens visibility": f.worsens,
        "with mixed results": f.mixed,
    }
    group = "|".join(re.escape(g) for g in groups)
    return [
        # "2 of the 5 sources reviewed found no detectable effect"
        (rf"\b(\d+) of the (\d+) sources? reviewed ({FOUND})",
         lambda m: (int(m[1]), int(m[2])) == (of[OUTCOME_OF[m[3]]], f.total)),
        # "… and 1 found it worsens visibility": a further outcome in the same list
        (rf"\b(\d+) ({FOUND})", lambda m: int(m[1]) == of[OUTCOME_OF[m[2]]]),
        (r"\b(\d+) of them (?:is|are) peer-reviewed", lambda m: int(m[1]) == f.peer_reviewed),
        (r"\b(\d+) of them tested a simulated engine", lambda m: int(m[1]) == f.lab_only),
        (r"\((\d+) sources?,", lambda m: int(m[1]) == f.total),
        (r"We reviewed (\d+) sources?: ([^.]*)\.", lambda m: int(m[1]) == f.total and
         sum(int(n) for n in re.findall(r"\d+", m[2])) == f.total),
        (r"\b(\d+) (?:independent )?sources? backs?\b", lambda m: int(m[1]) == f.improves),
        (r"\((\d+) organisations? among them", lambda m: int(m[1]) == f.independent_backing),
        (rf"\b[Tt]he (one|\d+) sources? ({group})", lambda m: _number(m[1]) == groups[m[2]]),
        (rf"\b(?:[Nn]either|[Nn]one of the (\d+)) sources? ({group})",
         lambda m: _number(m[1] or "neither") == groups[m[2]]),
        # "the one source", "both sources", "all 4 sources", "neither source", "none of the
        # 5 sources" and "the 3 sources reviewed" always speak of every source reviewed
        (r"\b(?:[Tt]he (one|\d+)|([Bb]oth)|[Aa]ll (\d+)|([Nn]either)|[Nn]one of the (\d+)) "
         r"sources?(?: reviewed)?\b(?! with| that)",
         lambda m: _number(next(g for g in m.groups() if g)) == f.total),
        (r"\b(\d+) (controlled experiments?|quasi-experiments?|observational stud\w+|surveys?"
         r"|case stud\w+|expert opinions?)", lambda m: int(m[1]) in designs.values()),
        (r"score (\d+\.\d)/35", lambda m: Decimal(m[1]) == f.score),
    ]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(evidence())
def test_every_number_in_every_generated_text_is_the_count_it_claims(f):
    for name, text in texts_of(f).items():
        rest = text
        for pattern, holds in count_checks(f):
            for match in re.finditer(pattern, text):
                assert holds(match), f"{name}: {match[0]!r} in {text!r} for {f}"
            rest = re.sub(pattern, "", rest)
        assert not re.search(r"\d", rest), f"{name}: an unchecked number in {text!r}"


@settings(max_examples=600, deadline=None)
@given(evidence())
def test_no_generated_text_breaks_number_agreement(f):
    for name, text in texts_of(f).items():
        assert not re.search(r"\b[Aa]ll [0-2]\b", text), f"{name}: {text!r}"
        assert not re.search(r"\b0 [a-z]", text), f"{name}: {text!r}"
        # A count of one takes a singular verb, however far the verb follows.
        assert not re.search(
            r"\b1 (?:of the \d+ )?(?:[a-zA-Z-]+ ){0,5}?(?:contradict|support|disagree|are|have|count"
            r"|were)\b",
            text,
        ), f"{name}: {text!r}"
        assert "{" not in text and "_" not in text, f"{name}: {text!r}"
        if f.total == 1:
            assert not re.search(
                r"\b(?:they|them|their|both|neither|none of|all of)\b", text, re.IGNORECASE
            ), f"{name}: a plural pronoun for one source in {text!r}"
    if f.against == 1:
        assert not re.search(r"\b(?:they|them)\b", evidence_against_summary(f), re.IGNORECASE)


@settings(max_examples=300, deadline=None)
@given(evidence())
def test_the_faq_opens_with_the_verdicts_own_lead(f):
    lead = f.lead
    assert full_verdict(f.confidence, f.direction, "a clause.") == f"{lead}: a clause."
    answer = generated_faqs(f)[0].answer
    assert answer.startswith((f"{lead}. ", f"{lead}: ")), (lead, answer)


@settings(max_examples=300, deadline=None)
@given(evidence())
def test_a_refuted_tactic_is_never_asked_where_it_works(f):
    questions = [faq.question for faq in generated_faqs(f)]
    if f.direction in AGAINST:
        assert not any("On which" in q or "where" in q.lower() for q in questions)
        assert "Does adding statistics to your content work on any AI search platform?" in (
            questions
        )
    else:
        assert "On which AI search platforms does adding statistics to your content work?" in (
            questions
        )


@settings(max_examples=400, deadline=None)
@given(evidence())
def test_each_conclusion_says_what_to_do_and_only_harm_says_avoid(f):
    """A null is not a harm: only "harms" tells the reader to avoid the tactic, and a
    tactic that works or does nothing is never called harmful."""
    # ("ineffective or harmful" in the evidence-against summary names what it looks for.)
    said = " ".join(t for name, t in texts_of(f).items() if name != "against").lower()
    advice = " ".join(
        [confidence_statement(f), implementation_caution(f), generated_faqs(f)[3].answer]
    ).lower()
    if f.direction in HARMS_SIDE:
        assert "avoid" in confidence_statement(f).lower()
        assert generated_faqs(f)[3].answer.startswith("No. Avoid it")
    else:
        assert "avoid" not in advice
        assert "harmful" not in said and "lowers" not in advice
    if f.direction in NO_EFFECT_SIDE:
        assert "do not rely on it" in advice
    if f.direction in WORKS_SIDE:
        assert "do not rely on it" not in advice


@settings(max_examples=300, deadline=None)
@given(evidence())
def test_platform_lists_name_the_outcome_the_sentence_speaks_of(f):
    statement = confidence_statement(f)
    backing = f.backing
    if backing is not None:
        first = statement.split(". ")[0]
        assert all(p in first for p in f.platforms_of(backing))
        assert all(p not in first for p in PLATFORMS if p not in f.platforms_of(backing))
    answer = generated_faqs(f)[1].answer
    for outcome in Position.values:
        noun = {
            "improves": "that found it improves visibility",
            "no_effect": "that found no detectable effect",
            "worsens": "that found it worsens visibility",
            "mixed": "with mixed results",
        }[outcome]
        said = re.search(rf"sources? {noun} tested ([^.]*) live\.", answer)
        platforms = f.platforms_of(outcome)
        if platforms:
            assert said and all(p in said[1] for p in platforms), answer
            assert all(p not in said[1] for p in PLATFORMS if p not in platforms), answer
        else:
            assert not said, answer


EFFORT_WORDS = ("template change", "one-off project", "ongoing programme", "hours", "months")


@settings(max_examples=400, deadline=None)
@given(evidence())
def test_effort_adds_to_the_grades_priority_answer_and_never_overrules_it(f):
    """What a tactic costs may add a sentence, never change what the grade advises: the
    answer without effort is where the answer with it begins, a rated effort is said as
    its own level (no other's hours or months), and a tactic that harms or has no
    evidence gets no cost at all."""
    answer = generated_faqs(f)[3].answer
    unrated = generated_faqs(replace(f, effort=Effort.UNRATED))[3].answer
    assert answer.startswith(unrated)
    added = answer[len(unrated) :]
    if not f.effort or f.no_evidence or f.direction in HARMS_SIDE:
        assert added == ""
    for word in EFFORT_WORDS:
        assert word not in unrated
    if added:
        level = effort_level(f.effort)
        assert level.time in added and level.label.lower() in added
        others = [w for w in EFFORT_WORDS if w not in level.time and w not in level.label.lower()]
        assert not any(word in added for word in others), added
        # A cheap tactic is never made to sound surer than its evidence.
        assert not re.search(r"\b(?:yes|works with high confidence|first priorit)", added, re.I)
