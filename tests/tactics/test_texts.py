"""The generated sentences read correctly for every confidence level and direction."""

from decimal import Decimal

import pytest

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
        "direction": Direction.WORKS,
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
        (Confidence.VERY_LOW, "We don't know yet.", "The sources point towards a benefit"),
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
    f = facts(confidence=confidence, direction=Direction.NO_EFFECT, supporting=1, contradicting=5)
    faq = answers(f)
    assert "Do not rely on it." in faq[0].answer
    assert "improves AI search citation rates (" not in faq[0].answer
    assert faq[3].answer.startswith("No.")
    assert "do not rely on it" in faq[3].answer
    assert "do not rely on it" in implementation_caution(f)
    statement = confidence_statement(f)
    assert statement.startswith("5 of the 6 sources reviewed contradict this tactic")
    assert statement.endswith("Do not rely on it.")


def test_leaning_evidence_sounds_one_notch_less_sure_in_lead_and_answer():
    f = facts(confidence=Confidence.MEDIUM, direction=Direction.LEANS_WORKS)
    assert f.lead == "Possibly"
    assert answers(f)[0].answer.startswith("Possibly. Building backlinks for AI search may improve")
    assert "probably" not in answers(f)[0].answer


def test_high_confidence_refutation_says_no():
    f = facts(confidence=Confidence.HIGH, direction=Direction.NO_EFFECT, contradicting=4)
    assert answers(f)[0].answer.startswith(
        "No. Building backlinks for AI search does not improve AI search citation rates"
    )


def test_leaning_against_warns_without_overstating():
    f = facts(direction=Direction.LEANS_NO_EFFECT, supporting=2, contradicting=3)
    assert "without testing it yourself" in answers(f)[0].answer
    assert "leans against" in implementation_caution(f)


def test_mixed_evidence_says_the_sources_disagree():
    f = facts(direction=Direction.MIXED, supporting=2, contradicting=2, mixed=1)
    assert answers(f)[0].answer.startswith("Unclear.")
    assert "2 support it, 2 contradict it and 1 found mixed results" in answers(f)[0].answer
    one_each = facts(direction=Direction.MIXED, supporting=1, contradicting=1, mixed=0)
    assert "1 supports it and 1 contradicts it (2 sources" in answers(one_each)[0].answer
    assert "disagree" in confidence_statement(f)
    assert "mixed" in implementation_caution(f)


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (Confidence.HIGH, "The evidence is strong"),
        (Confidence.MEDIUM, "these steps probably help"),
        (Confidence.LOW, "treat these steps as experimental, not established practice"),
        (Confidence.VERY_LOW, "We don't know yet whether these steps work"),
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
        (Confidence.VERY_LOW, "No. We don't know yet"),
    ],
)
def test_prioritise_answer_depends_on_confidence(confidence, expected):
    faq = answers(facts(confidence=confidence))[3]
    assert faq.question == f"Should I prioritise {ACTION} over other GEO tactics?"
    assert expected in faq.answer


def test_confidence_statement_names_improves_count_confidence_and_side_platforms():
    statement = confidence_statement(
        facts(
            independent_supporting=13,
            platform_names=("Google AI Overviews", "ChatGPT", "Perplexity", "Claude"),
            supporting_platforms=("Google AI Overviews", "ChatGPT", "Perplexity"),
            contradicting_platforms=("Claude",),
        )
    )
    assert statement.startswith(
        "13 independent sources back this finding, with low confidence, across "
        "Google AI Overviews, ChatGPT and Perplexity."
    )
    assert "Claude" not in statement  # only the contradicting source studied it
    assert "1 source contradicts this" in statement


def test_independent_counts_only_publishers_that_clear_the_replication_rule():
    # The seed page's defect: 13 sources, but only 2 publishers weigh enough to replicate.
    statement = confidence_statement(facts(independent_supporting=2))
    assert statement.startswith(
        "13 sources back this finding (2 publishers among them count as independent "
        "replications), with low confidence"
    )
    assert "independent sources" not in statement
    one = confidence_statement(facts(supporting=3, independent_supporting=1))
    assert "(1 publisher among them counts as an independent replication)" in one
    none = confidence_statement(facts(supporting=2, independent_supporting=0))
    assert none.startswith("2 sources back this finding, with low confidence")
    assert "independent" not in none


def test_against_statement_names_the_contradicting_sides_platforms():
    f = facts(
        direction=Direction.NO_EFFECT,
        supporting=1,
        contradicting=2,
        supporting_platforms=("Perplexity",),
        contradicting_platforms=("ChatGPT", "Gemini"),
    )
    statement = confidence_statement(f)
    assert "2 of the 3 sources reviewed contradict this tactic, with low confidence, across " \
        "ChatGPT and Gemini." in statement  # fmt: skip
    assert "Perplexity" not in statement


def test_singular_source_reads_as_singular():
    statement = confidence_statement(facts(supporting=1, contradicting=0, independent_supporting=1))
    assert statement.startswith("1 independent source backs this finding")


def test_no_platform_named():
    statement = confidence_statement(facts(supporting_platforms=()))
    assert "though none of them names a specific AI platform" in statement
    one = confidence_statement(facts(supporting=1, contradicting=0, supporting_platforms=()))
    assert "though it names no specific AI platform" in one
    two = confidence_statement(facts(supporting=2, contradicting=0, supporting_platforms=()))
    assert "though neither names a specific AI platform" in two
    answer = answers(facts(contradicting=0))[1].answer
    assert answer.startswith("None of the 13 supporting sources names a specific AI platform.")


def test_platform_answer_names_each_sides_platforms():
    f = facts(supporting_platforms=("Google AI Overviews",), contradicting_platforms=("Claude",))
    answer = answers(f)[1].answer
    assert answer.startswith(
        "The 13 supporting sources studied Google AI Overviews. "
        "The one contradicting source studied Claude."
    )


def test_refuted_tactic_is_not_asked_where_it_works():
    f = facts(
        direction=Direction.NO_EFFECT,
        confidence=Confidence.MEDIUM,
        supporting=0,
        contradicting=2,
        contradicting_platforms=("Perplexity",),
    )
    faq = answers(f)[1]
    assert faq.question == f"Does {ACTION} work on any AI search platform?"
    assert faq.answer.startswith(
        "Probably not: the evidence reviewed points against it. "
        "The 2 contradicting sources studied Perplexity."
    )
    assert answers(facts())[1].question == f"On which AI search platforms does {ACTION} work?"


def test_platform_answer_says_when_no_official_statement_exists():
    answer = answers(facts(supporting_platforms=("Google AI Overviews",)))[1].answer
    assert answer.startswith("The 13 supporting sources studied Google AI Overviews.")
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


@pytest.mark.parametrize(
    ("total", "peer_reviewed", "expected"),
    [(1, 0, "It is not peer-reviewed."), (1, 1, "It is peer-reviewed."),
     (2, 0, "Neither is peer-reviewed."), (2, 2, "Both are peer-reviewed.")],
)  # fmt: skip
def test_methods_answer_for_one_or_two_sources(total, peer_reviewed, expected):
    f = facts(supporting=total, contradicting=0, peer_reviewed=peer_reviewed,
              method_counts=((Method.SURVEY, total),))  # fmt: skip
    assert expected in answers(f)[2].answer


def test_no_evidence_yet():
    f = facts(direction=Direction.NO_EVIDENCE, confidence=Confidence.VERY_LOW, supporting=0,
              contradicting=0, method_counts=(), peer_reviewed=0, platform_names=())  # fmt: skip
    assert answers(f)[0].answer.startswith("We don't know yet: no source on")
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


def test_when_every_source_contradicts():
    only = facts(direction=Direction.NO_EFFECT, supporting=0, contradicting=1)
    assert confidence_statement(only).startswith("The one source reviewed contradicts this")
    every = facts(direction=Direction.NO_EFFECT, supporting=0, contradicting=4)
    assert confidence_statement(every).startswith("All 4 sources reviewed contradict this")
    both = facts(direction=Direction.NO_EFFECT, supporting=0, contradicting=2)
    assert confidence_statement(both).startswith("Both sources reviewed contradict this")


@pytest.mark.parametrize(
    ("counts", "direction", "expected"),
    [
        ((0, 0, 0), Direction.NO_EVIDENCE, "No research has been reviewed"),
        ((1, 0, 0), Direction.WORKS, "No. The one source reviewed does not contradict"),
        ((5, 0, 2), Direction.WORKS, "No. None of the 7 sources reviewed contradicts this "
         "tactic, though 2 found mixed results."),
        ((13, 1, 0), Direction.WORKS, "1 of the 14 sources reviewed contradicts this tactic. "
         "Weigh this finding"),
        ((1, 3, 0), Direction.NO_EFFECT, "3 of the 4 sources reviewed contradict this tactic. "
         "They carry more weight than the supporting evidence: do not rely on this tactic."),
        ((0, 1, 2), Direction.NO_EFFECT, "1 of the 3 sources reviewed contradicts this tactic. "
         "The other 2 sources found mixed results: do not rely on this tactic."),
        ((0, 1, 0), Direction.NO_EFFECT, "The one source reviewed contradicts this tactic. "
         "It is the only evidence"),
        ((0, 2, 0), Direction.NO_EFFECT, "Both sources reviewed contradict this tactic. "
         "They are the only evidence"),
        ((2, 0, 0), Direction.WORKS, "No. Neither source reviewed contradicts this tactic."),
        ((0, 0, 2), Direction.MIXED, "No. Neither source reviewed contradicts this tactic, "
         "though both found mixed results."),
        ((0, 0, 1), Direction.MIXED, "No. The one source reviewed does not contradict this "
         "tactic, though it found mixed results."),
    ],
)  # fmt: skip
def test_contradiction_summary(counts, direction, expected):
    supporting, contradicting, mixed = counts
    summary = contradiction_summary(
        facts(supporting=supporting, contradicting=contradicting, mixed=mixed, direction=direction)
    )
    assert summary.startswith(expected)
