"""Every generated sentence holds for every count (issue 8, item 2).

Hypothesis draws the evidence the engine can produce (0 to 6 supporting, contradicting and
mixed sources, every confidence and direction, side platforms, replicating publishers,
designs, peer review) and every generated text is read the way a visitor would: each number
must be the count it claims to be, and no "All 2", "1 … contradict", "0 found" or "they"
of a single source may appear. A number no check recognises fails the test, so a new
sentence that counts something must be checked here too.
"""

import re
from collections import Counter
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sources.choices import Method, SourceType
from tactics.choices import Confidence, Direction
from tactics.texts import (
    AGAINST,
    SUPPORTIVE,
    EvidenceFacts,
    confidence_statement,
    contradiction_summary,
    full_verdict,
    generated_faqs,
    implementation_caution,
)

PLATFORMS = ("Google AI Overviews", "ChatGPT", "Perplexity", "Gemini")
COUNT = st.integers(0, 6)
WORDS = {"one": 1, "both": 2, "neither": 2}


def _possible(supporting, contradicting, mixed, direction) -> bool:
    """The combinations the engine can produce: a side that wins has sources on it, and a
    body with sources on one side only points that way."""
    total = supporting + contradicting + mixed
    if direction == Direction.NO_EVIDENCE:
        return total == 0
    if direction in SUPPORTIVE:
        return supporting > 0
    if direction in AGAINST:
        return contradicting > 0
    return mixed > 0 or (supporting > 0 and contradicting > 0)


@st.composite
def evidence(draw):
    supporting, contradicting, mixed = draw(COUNT), draw(COUNT), draw(COUNT)
    direction = draw(st.sampled_from(Direction.values))
    assume(_possible(supporting, contradicting, mixed, direction))
    total = supporting + contradicting + mixed

    def platforms(count):
        if not count:
            return ()
        return tuple(p for p in PLATFORMS if draw(st.booleans()))

    sides = [platforms(supporting), platforms(contradicting), platforms(mixed)]
    every_platform = tuple(p for p in PLATFORMS if any(p in side for side in sides))
    methods = draw(st.lists(st.sampled_from(Method.values), min_size=total, max_size=total))
    return EvidenceFacts(
        action_name="adding statistics to your content",
        confidence=draw(st.sampled_from(Confidence.values)),
        direction=direction,
        score=(Decimal(draw(st.integers(0, 350))) / 10).quantize(Decimal("0.1")),
        supporting=supporting,
        contradicting=contradicting,
        mixed=mixed,
        platform_names=every_platform,
        supporting_platforms=sides[0],
        contradicting_platforms=sides[1],
        mixed_platforms=sides[2],
        independent_supporting=draw(st.integers(0, supporting)),
        official_publishers=tuple(
            draw(st.lists(st.sampled_from(["Google", "OpenAI"]), max_size=2, unique=True))
        ),  # fmt: skip
        method_counts=tuple(Counter(methods).most_common()),
        peer_reviewed=draw(st.integers(0, total)),
        contested=draw(st.booleans()),
        source_types=tuple(draw(st.lists(st.sampled_from(SourceType.values), unique=True))),
    )


def texts_of(f: EvidenceFacts) -> dict[str, str]:
    texts = {
        "verdict": full_verdict(f.confidence, f.direction, "the studies measured citations."),
        "statement": confidence_statement(f),
        "caution": implementation_caution(f),
        "contradictions": contradiction_summary(f),
    }
    for index, faq in enumerate(generated_faqs(f)):
        texts[f"faq{index} question"] = faq.question
        texts[f"faq{index} answer"] = faq.answer
    return texts


def _number(token: str) -> int:
    return WORDS[token.lower()] if token.lower() in WORDS else int(token)


def count_checks(f: EvidenceFacts):
    """(pattern, expected count) for every way a text states a count."""
    side = {"supporting": f.supporting, "contradicting": f.contradicting, "mixed": f.mixed}
    designs = dict(f.method_counts)
    return [
        # "2 of the 5 sources reviewed contradict", only ever said of the contradicting side
        (r"\b(\d+) of the (\d+) sources?", lambda m: (_number(m[1]), _number(m[2])) ==
         (f.contradicting, f.total)),
        (r"\b(\d+) of them (?:is|are) peer-reviewed", lambda m: int(m[1]) == f.peer_reviewed),
        (r"\((\d+) sources?,", lambda m: int(m[1]) == f.total),
        (r"We reviewed (\d+) sources?: ([^.]*)\.", lambda m: int(m[1]) == f.total and
         sum(int(n) for n in re.findall(r"\d+", m[2])) == f.total),
        (r"\b(\d+) (?:independent )?sources? backs?\b", lambda m: int(m[1]) == f.supporting),
        (r"\((\d+) publishers? among them", lambda m: int(m[1]) == f.independent_supporting),
        (r"\b(\d+) sources? contradicts? this\b", lambda m: int(m[1]) == f.contradicting),
        (r"\b(\d+) (supporting|contradicting|mixed)\b", lambda m: int(m[1]) == side[m[2]]),
        (r"\b[Tt]he (one|\d+) (supporting|contradicting) sources?",
         lambda m: _number(m[1]) == side[m[2]]),
        (r"\b[Tt]he (one|\d+) sources? with mixed results", lambda m: _number(m[1]) == f.mixed),
        (r"\b(?:[Nn]either|[Nn]one of the (\d+)) (supporting|contradicting) source",
         lambda m: _number(m[1] or "neither") == side[m[2]]),
        (r"\b(?:[Nn]either|[Nn]one of the (\d+)) sources? with mixed",
         lambda m: _number(m[1] or "neither") == f.mixed),
        (r"\b(\d+) supports? it\b", lambda m: int(m[1]) == f.supporting),
        (r"\b(\d+) contradicts? it\b", lambda m: int(m[1]) == f.contradicting),
        (r"\b(\d+) found mixed results", lambda m: int(m[1]) == f.mixed),
        (r"\b[Tt]he other (\d+ sources|source) found", lambda m:
         (int(m[1].split()[0]) if m[1][0].isdigit() else 1) == f.total - f.contradicting),
        # "the one source", "both sources", "all 4 sources", "neither source", "none of the
        # 5 sources" and "the 3 sources reviewed" always speak of every source reviewed
        (r"\b(?:[Tt]he (one|\d+)|([Bb]oth)|[Aa]ll (\d+)|([Nn]either)|[Nn]one of the (\d+)) "
         r"sources?(?: reviewed)?\b(?! with)",
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
    if f.contradicting == 1:
        assert not re.search(r"\b(?:they|them)\b", contradiction_summary(f), re.IGNORECASE)


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


@settings(max_examples=300, deadline=None)
@given(evidence())
def test_platform_lists_name_the_side_the_sentence_speaks_of(f):
    statement = confidence_statement(f)
    if f.direction in SUPPORTIVE:
        first = statement.split(". ")[0]
        assert all(p in first for p in f.supporting_platforms)
        assert all(p not in first for p in PLATFORMS if p not in f.supporting_platforms)
    if f.direction in AGAINST:
        first = statement.split(". ")[0]
        assert all(p in first for p in f.contradicting_platforms)
        assert all(p not in first for p in PLATFORMS if p not in f.contradicting_platforms)
    answer = generated_faqs(f)[1].answer
    for noun, platforms in (
        ("supporting sources?", f.supporting_platforms),
        ("contradicting sources?", f.contradicting_platforms),
        ("sources? with mixed results", f.mixed_platforms),
    ):
        said = re.search(rf"{noun} studied ([^.]*)\.", answer)
        if platforms:
            assert said and all(p in said[1] for p in platforms), answer
            assert all(p not in said[1] for p in PLATFORMS if p not in platforms), answer
        else:
            assert not said, answer
