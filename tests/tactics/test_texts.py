"""The generated sentences read correctly for every confidence level and direction."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.choices import Method, SourceType
from tactics.choices import Confidence, Direction
from tactics.texts import (
    EvidenceFacts,
    confidence_statement,
    contradiction_summary,
    generated_faqs,
    implementation_caution,
    join_words,
)

ACTION = "building backlinks for AI search"


def facts(**overrides):
    values = {
        "action_name": ACTION,
        "confidence": Confidence.LOW,
        "direction": Direction.SUPPORTS,
        "score": Decimal("9.8"),
        "supporting": 13,
        "contradicting": 1,
        "mixed": 0,
        "platform_names": ("Google AI Overviews",),
        "method_counts": ((Method.OBSERVATIONAL, 12), (Method.CONTROLLED, 2)),
        "peer_reviewed": 1,
        "source_types": (SourceType.INDEPENDENT, SourceType.PEER_REVIEWED),
    }
    values.update(overrides)
    return EvidenceFacts(**values)


def answers(f):
    return {index: faq for index, faq in enumerate(generated_faqs(f))}


# GRADE plain language: high "X improves", medium "probably", low "may", very low "don't know".
@pytest.mark.parametrize(
    ("confidence", "opening", "phrase"),
    [
        (Confidence.HIGH, "Yes.", "Building backlinks for AI search improves AI search"),
        (Confidence.MEDIUM, "Probably.", "probably improves AI search citation rates"),
        (Confidence.LOW, "Possibly.", "may improve AI search citation rates"),
        (Confidence.VERY_LOW, "We don't yet know", "We don't yet know whether building"),
    ],
)
def test_does_it_work_answer_follows_grade_wording(confidence, opening, phrase):
    answer = answers(facts(confidence=confidence, contradicting=0))[0].answer
    assert answer.startswith(opening)
    assert phrase in answer
    assert f"{Confidence(confidence).label.lower()} confidence" in answer
    assert "score 9.8/35" in answer
    assert "contradicts" not in answer


def test_does_it_work_mentions_the_contradicting_source():
    answer = answers(facts())[0].answer
    assert "1 source contradicts this" in answer


@pytest.mark.parametrize("confidence", Confidence.values)
def test_refuted_tactic_says_plainly_not_to_rely_on_it(confidence):
    f = facts(confidence=confidence, direction=Direction.CONTRADICTS, supporting=1, contradicting=5)
    faq = answers(f)
    assert "Do not rely on it." in faq[0].answer
    assert "improves AI search citation rates (" not in faq[0].answer
    assert faq[3].answer.startswith("No.")
    assert "do not rely on it" in faq[3].answer
    assert "do not rely on it" in implementation_caution(f)
    statement = confidence_statement(f)
    assert statement.startswith("5 of the 6 sources reviewed contradict this tactic")
    assert statement.endswith("Do not rely on it.")


def test_high_confidence_refutation_says_no():
    f = facts(confidence=Confidence.HIGH, direction=Direction.CONTRADICTS, contradicting=4)
    assert answers(f)[0].answer.startswith(
        "No. Building backlinks for AI search does not improve AI search citation rates"
    )


def test_leaning_against_warns_without_overstating():
    f = facts(direction=Direction.LEANS_CONTRADICTS, supporting=2, contradicting=3)
    assert "without testing it yourself" in answers(f)[0].answer
    assert "leans against" in implementation_caution(f)


def test_mixed_evidence_says_the_sources_disagree():
    f = facts(direction=Direction.MIXED, supporting=2, contradicting=2, mixed=1)
    assert answers(f)[0].answer.startswith("Unclear.")
    assert "2 support it, 2 contradict it and 1 found mixed results" in answers(f)[0].answer
    assert "disagree" in confidence_statement(f)
    assert "mixed" in implementation_caution(f)


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (Confidence.HIGH, "The evidence is strong"),
        (Confidence.MEDIUM, "these steps probably help"),
        (Confidence.LOW, "treat these steps as experimental, not established practice"),
        (Confidence.VERY_LOW, "We don't yet know whether these steps work"),
    ],
)
def test_caution_depends_on_confidence(confidence, expected):
    caution = implementation_caution(facts(confidence=confidence, contradicting=0))
    assert expected in caution
    assert "contradicting" not in caution


def test_caution_points_to_contradicting_evidence_when_there_is_some():
    assert "contradicting evidence" in implementation_caution(facts())


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (Confidence.HIGH, "Yes. With high confidence"),
        (Confidence.MEDIUM, "reasonable priority"),
        (Confidence.LOW, "secondary to higher-confidence tactics"),
        (Confidence.VERY_LOW, "No. We don't yet know"),
    ],
)
def test_prioritise_answer_depends_on_confidence(confidence, expected):
    faq = answers(facts(confidence=confidence))[3]
    assert faq.question == f"Should I prioritise {ACTION} over other GEO tactics?"
    assert expected in faq.answer


def test_confidence_statement_names_supporting_count_confidence_and_platforms():
    statement = confidence_statement(
        facts(platform_names=("Google AI Overviews", "ChatGPT", "Perplexity"))
    )
    assert statement.startswith(
        "13 independent sources back this finding, with low confidence, across "
        "Google AI Overviews, ChatGPT and Perplexity."
    )
    assert "1 source contradicts this" in statement


def test_singular_source_reads_as_singular():
    statement = confidence_statement(facts(supporting=1, contradicting=0))
    assert statement.startswith("1 independent source backs this finding")


def test_no_platform_named():
    statement = confidence_statement(facts(platform_names=()))
    assert "none of them names a specific AI platform" in statement
    assert (
        "None of the sources names a specific AI platform"
        in answers(facts(platform_names=()))[1].answer
    )


def test_platform_answer_says_when_no_official_statement_exists():
    answer = answers(facts())[1].answer
    assert answer.startswith("The research covers Google AI Overviews.")
    assert (
        "No platform has published an official statement on it yet: the evidence comes "
        "from independent studies and peer-reviewed research."
    ) in answer


def test_platform_answer_without_evidence_does_not_invent_any():
    answer = answers(facts(supporting=0, contradicting=0, direction=Direction.NO_EVIDENCE))[1]
    assert answer.answer.startswith("No source has been reviewed yet")


def test_platform_answer_names_official_statements():
    answer = answers(facts(official_publishers=("Google", "OpenAI")))[1].answer
    assert (
        "Google and OpenAI have published an official platform statement on it; the other "
        "evidence comes from independent studies and peer-reviewed research."
    ) in answer
    assert "No platform has published" not in answer


def test_methods_answer_counts_designs_and_peer_review():
    answer = answers(facts())[2].answer
    assert answer.startswith(
        "We reviewed 14 sources: 12 observational studies and 2 controlled experiments."
    )
    assert "1 of them is peer-reviewed research." in answer


@pytest.mark.parametrize(
    ("peer_reviewed", "expected"),
    [(0, "None of them is peer-reviewed."), (3, "3 of them are peer-reviewed research."),
     (14, "All of them are peer-reviewed.")],
)  # fmt: skip
def test_methods_answer_peer_review_wording(peer_reviewed, expected):
    assert expected in answers(facts(peer_reviewed=peer_reviewed))[2].answer


def test_no_evidence_yet():
    f = facts(direction=Direction.NO_EVIDENCE, confidence=Confidence.VERY_LOW, supporting=0,
              contradicting=0, method_counts=(), peer_reviewed=0, platform_names=())  # fmt: skip
    assert answers(f)[0].answer.startswith("We don't yet know")
    assert "No source has been reviewed" in confidence_statement(f)
    assert "untested" in implementation_caution(f)


def test_join_words():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize("direction", Direction.values)
@pytest.mark.parametrize("confidence", Confidence.values)
def test_every_combination_produces_four_complete_faqs(direction, confidence):
    faqs = generated_faqs(facts(direction=direction, confidence=confidence))
    assert len(faqs) == 4
    for faq in faqs:
        assert faq.question.endswith("?")
        assert faq.answer.rstrip().endswith((".", ")"))
        assert "{" not in faq.answer
        assert "_" not in faq.answer  # no raw choice value such as very_low


def test_contested_evidence_is_flagged_in_the_statement():
    assert "contested" in confidence_statement(facts(contested=True))
    assert "contested" not in confidence_statement(facts(contested=False))


@settings(max_examples=200, deadline=None)
@given(
    supporting=st.integers(0, 300),
    contradicting=st.integers(0, 300),
    mixed=st.integers(0, 50),
    confidence=st.sampled_from(Confidence.values),
    direction=st.sampled_from(Direction.values),
)
def test_numbers_in_the_texts_always_match_the_counts(
    supporting, contradicting, mixed, confidence, direction
):
    f = facts(
        supporting=supporting,
        contradicting=contradicting,
        mixed=mixed,
        confidence=confidence,
        direction=direction,
        method_counts=((Method.OBSERVATIONAL, supporting + contradicting + mixed),),
        peer_reviewed=0,
    )
    total = supporting + contradicting + mixed
    statement = confidence_statement(f)
    work = answers(f)[0].answer
    if total and direction != Direction.NO_EVIDENCE:
        assert f"{total} source" in work
        if direction in (Direction.SUPPORTS, Direction.LEANS_SUPPORTS):
            assert statement.startswith(f"{supporting} independent source")
        elif direction in (Direction.CONTRADICTS, Direction.LEANS_CONTRADICTS):
            assert statement.startswith(
                (f"{contradicting} of the {total} source", f"All {total} sources", "The one")
            )
            if contradicting != total:
                assert statement.startswith(f"{contradicting} of the {total} source")
        if direction == Direction.CONTRADICTS:
            assert "Do not rely on it" in work
    else:
        assert work.startswith("We don't yet know")


def test_when_every_source_contradicts():
    only = facts(direction=Direction.CONTRADICTS, supporting=0, contradicting=1)
    assert confidence_statement(only).startswith("The one source reviewed contradicts this")
    every = facts(direction=Direction.CONTRADICTS, supporting=0, contradicting=4)
    assert confidence_statement(every).startswith("All 4 sources reviewed contradict this")


@pytest.mark.parametrize(
    ("counts", "direction", "expected"),
    [
        ((0, 0, 0), Direction.NO_EVIDENCE, "No research has been reviewed"),
        ((1, 0, 0), Direction.SUPPORTS, "No. The one source reviewed does not contradict"),
        ((5, 0, 2), Direction.SUPPORTS, "No. None of the 7 sources reviewed contradicts this "
         "tactic, though 2 found mixed results."),
        ((13, 1, 0), Direction.SUPPORTS, "1 of the 14 sources reviewed contradicts this tactic. "
         "Weigh these findings"),
        ((1, 3, 0), Direction.CONTRADICTS, "3 of the 4 sources reviewed contradict this tactic. "
         "They are the main body of evidence: do not rely on this tactic."),
        ((0, 1, 0), Direction.CONTRADICTS, "The one source reviewed contradicts this tactic."),
        ((0, 2, 0), Direction.CONTRADICTS, "All 2 sources reviewed contradict this tactic."),
    ],
)  # fmt: skip
def test_contradiction_summary(counts, direction, expected):
    supporting, contradicting, mixed = counts
    summary = contradiction_summary(
        facts(supporting=supporting, contradicting=contradicting, mixed=mixed, direction=direction)
    )
    assert summary.startswith(expected)
