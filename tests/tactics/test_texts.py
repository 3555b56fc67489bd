"""The generated sentences read correctly for every confidence level, direction and impact."""

from decimal import Decimal

import pytest

from sources.choices import Method, SourceType
from tactics.choices import Confidence, Direction, Effort, Impact
from tactics.faq_texts import generated_faqs
from tactics.grammar import join_words
from tactics.texts import (
    EvidenceFacts,
    confidence_statement,
    effort_level,
    evidence_against_summary,
    implementation_caution,
    verdict_lead,
)

ACTION = "building backlinks for AI search"


def facts(**overrides):
    values = {
        "action_name": ACTION,
        "confidence": Confidence.LOW,
        "direction": Direction.WORKS,
        "score": Decimal("9.8"),
        "impact": Impact.MODERATE,
        "improves": 13,
        "no_effect": 1,
        "worsens": 0,
        "mixed": 0,
        "platform_names": ("Google AI Overviews",),
        "method_counts": ((Method.OBSERVATIONAL, 12), (Method.CONTROLLED, 2)),
        "peer_reviewed": 1,
        "source_types": (SourceType.INDEPENDENT, SourceType.PEER_REVIEWED),
    }
    values.update(overrides)
    return EvidenceFacts(**values)


def answers(f):
    return dict(enumerate(generated_faqs(f)))


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
    answer = answers(facts(confidence=confidence, no_effect=0))[0].answer
    assert answer.startswith(opening)
    assert phrase in answer
    assert f"{Confidence(confidence).label.lower()} confidence" in answer
    assert "score 9.8/35" in answer
    assert "report a moderate expected effect" in answer
    assert "Against it" not in answer


def test_does_it_work_names_nulls_and_harms_apart():
    answer = answers(facts(no_effect=2, worsens=1))[0].answer
    assert (
        "Against it, 2 of the 16 sources reviewed found no detectable effect and 1 found it "
        "worsens visibility: read that evidence before acting."
    ) in answer


def test_an_unreported_effect_size_is_said():
    answer = answers(facts(impact=Impact.UNKNOWN))[0].answer
    assert "No source backing it reports the size of the effect." in answer


@pytest.mark.parametrize(
    ("confidence", "lead", "phrase"),
    [
        (Confidence.HIGH, "No.", "makes no detectable difference to AI search citation rates"),
        (Confidence.MEDIUM, "Probably not.", "probably makes no difference"),
        (Confidence.LOW, "Possibly not.", "may make no difference"),
        (
            Confidence.VERY_LOW,
            "We don't know yet.",
            "What little evidence there is finds no effect",
        ),
    ],
)
def test_no_effect_says_not_to_rely_on_it_and_never_that_it_harms(confidence, lead, phrase):
    f = facts(confidence=confidence, direction=Direction.NO_EFFECT, improves=1, no_effect=5)
    faq = answers(f)
    assert faq[0].answer.startswith(lead)
    assert phrase in faq[0].answer
    assert faq[0].answer.endswith("Do not rely on it.")
    assert faq[3].answer.startswith("No. The evidence finds no detectable effect")
    for text in (faq[0].answer, faq[3].answer, implementation_caution(f), confidence_statement(f)):
        assert "avoid" not in text.lower() and "lowers" not in text
    statement = confidence_statement(f)
    assert statement.startswith("5 of the 6 sources reviewed found no detectable effect")


@pytest.mark.parametrize(
    ("confidence", "lead", "phrase"),
    [
        (Confidence.HIGH, "No, it harms.", "Building backlinks for AI search lowers AI search"),
        (Confidence.MEDIUM, "Probably harmful.", "probably lowers"),
        (Confidence.LOW, "Possibly harmful.", "may lower"),
        (Confidence.VERY_LOW, "We don't know yet.", "What little evidence there is says"),
    ],
)
def test_harms_says_avoid_it(confidence, lead, phrase):
    f = facts(confidence=confidence, direction=Direction.HARMS, improves=0, no_effect=1, worsens=2)
    faq = answers(f)
    assert faq[0].answer.startswith(lead)
    assert phrase in faq[0].answer
    assert faq[0].answer.endswith("Avoid it.")
    assert faq[3].answer.startswith("No. Avoid it")
    assert "avoid" in confidence_statement(f).lower()
    assert "avoid these steps" in implementation_caution(f)
    assert confidence_statement(f).startswith(
        "2 of the 3 sources reviewed found it worsens visibility"
    )
    assert evidence_against_summary(f).endswith("avoid this tactic.")


def test_leaning_evidence_sounds_one_notch_less_sure_in_lead_and_answer():
    f = facts(confidence=Confidence.MEDIUM, direction=Direction.LEANS_WORKS)
    assert f.lead == "Possibly"
    assert answers(f)[0].answer.startswith("Possibly. Building backlinks for AI search may improve")
    assert "probably" not in answers(f)[0].answer
    assert verdict_lead(Confidence.MEDIUM, Direction.LEANS_NO_EFFECT) == "Possibly not"
    assert verdict_lead(Confidence.MEDIUM, Direction.LEANS_HARMS) == "Possibly harmful"
    assert verdict_lead(Confidence.HIGH, Direction.LEANS_HARMS) == "Probably harmful"


def test_leaning_against_warns_without_overstating():
    f = facts(direction=Direction.LEANS_NO_EFFECT, improves=2, no_effect=3)
    assert "Do not rely on it." in answers(f)[0].answer
    assert "leans towards no effect" in implementation_caution(f)
    harm = facts(direction=Direction.LEANS_HARMS, improves=2, worsens=3, no_effect=0)
    assert "leans towards harm" in implementation_caution(harm)


def test_mixed_evidence_says_the_sources_disagree():
    f = facts(direction=Direction.MIXED, improves=2, no_effect=2, worsens=1, mixed=1)
    assert answers(f)[0].answer.startswith("Unclear.")
    assert (
        "2 found it improves visibility, 2 found no detectable effect, 1 found it worsens "
        "visibility and 1 found mixed results (6 sources"
    ) in answers(f)[0].answer
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
    caution = implementation_caution(facts(confidence=confidence, no_effect=0))
    assert expected in caution
    assert "evidence against" not in caution


def test_caution_points_to_the_evidence_against_when_there_is_some():
    assert "Read the evidence against it below" in implementation_caution(facts(worsens=1))


@pytest.mark.parametrize(
    ("confidence", "impact", "expected"),
    [
        (Confidence.HIGH, Impact.LARGE, "Yes. It works with high confidence, and with a large"),
        (Confidence.HIGH, Impact.SMALL, "Only once the bigger wins are done"),
        (Confidence.HIGH, Impact.UNKNOWN, "no source reports how large the effect is"),
        (Confidence.MEDIUM, Impact.MODERATE, "reasonable priority"),
        (Confidence.MEDIUM, Impact.NEGLIGIBLE, "after tactics with a larger or surer effect"),
        (Confidence.LOW, Impact.LARGE, "secondary to higher-confidence tactics"),
        (Confidence.VERY_LOW, Impact.LARGE, "No. We don't know yet"),
    ],
)
def test_prioritise_answer_weighs_confidence_and_impact(confidence, impact, expected):
    faq = answers(facts(confidence=confidence, impact=impact))[3]
    assert faq.question == f"Should I prioritise {ACTION} over other GEO tactics?"
    assert expected in faq.answer


# Effort, the third axis: the same grade reads differently for a template change and an
# ongoing programme, but the grade's own answer always comes first and is never changed.
@pytest.mark.parametrize(
    ("confidence", "direction", "effort", "expected"),
    [
        (Confidence.HIGH, Direction.WORKS, Effort.TEMPLATE,
         "first priorities. It is cheap too: a template change (hours of work, done once)."),
        (Confidence.HIGH, Direction.WORKS, Effort.PROGRAMME,
         "Budget for it as an ongoing programme (months of continuing work), not a quick win."),
        (Confidence.MEDIUM, Direction.WORKS, Effort.TEMPLATE,
         "It is cheap to try, a template change (hours of work, done once): roll it out"),
        (Confidence.MEDIUM, Direction.WORKS, Effort.PROJECT,
         "Plan it as a one-off project (days to weeks of work), and measure the effect"),
        (Confidence.LOW, Direction.WORKS, Effort.PROGRAMME,
         "Not yet. The evidence says only that it may work"),
        (Confidence.LOW, Direction.WORKS, Effort.PROGRAMME,
         "do not commit to it before a test of your own shows results."),
        (Confidence.VERY_LOW, Direction.WORKS, Effort.PROGRAMME,
         "too large a commitment on evidence this weak."),
        (Confidence.MEDIUM, Direction.MIXED, Effort.TEMPLATE,
         "cheap to test against a control."),
        (Confidence.MEDIUM, Direction.NO_EFFECT, Effort.PROGRAMME,
         "Not doing it saves an ongoing programme (months of continuing work)."),
    ],
)  # fmt: skip
def test_prioritise_answer_weighs_effort_with_certainty_and_direction(
    confidence, direction, effort, expected
):
    answer = answers(facts(confidence=confidence, direction=direction, effort=effort))[3].answer
    assert expected in answer
    unrated = answers(facts(confidence=confidence, direction=direction))[3].answer
    assert answer.startswith(unrated), "effort adds to the grade's answer, never replaces it"


def test_a_cheap_probable_win_and_a_doubtful_programme_read_differently():
    cheap = answers(facts(confidence=Confidence.MEDIUM, effort=Effort.TEMPLATE))[3].answer
    costly = answers(facts(confidence=Confidence.LOW, effort=Effort.PROGRAMME))[3].answer
    assert cheap.startswith("It is a reasonable priority.") and "roll it out" in cheap
    assert costly.startswith("Not yet.") and "do not commit to it" in costly


def test_unrated_effort_says_nothing_about_cost():
    for direction in (Direction.WORKS, Direction.MIXED, Direction.NO_EFFECT):
        answer = answers(facts(direction=direction, effort=Effort.UNRATED))[3].answer
        for word in ("template", "project", "programme", "hours", "months", "rated"):
            assert word not in answer, answer


def test_no_cost_makes_a_harmful_tactic_worth_doing():
    for effort in Effort.values:
        f = facts(direction=Direction.HARMS, improves=0, worsens=3, effort=effort)
        answer = answers(f)[3].answer
        assert answer.startswith("No. Avoid it")
        assert "cheap" not in answer and "template" not in answer


@pytest.mark.parametrize(
    ("value", "label", "time"),
    [
        (Effort.TEMPLATE, "A template change", "hours of work, done once"),
        (Effort.PROJECT, "A one-off project", "days to weeks of work"),
        (Effort.PROGRAMME, "An ongoing programme", "months of continuing work"),
        (Effort.UNRATED, "Not rated yet", ""),
        ("no-such-level", "Not rated yet", ""),
    ],
)
def test_effort_levels_say_what_the_work_takes(value, label, time):
    level = effort_level(value)
    assert (level.label, level.time) == (label, time)
    assert level.rated == bool(time)


def test_confidence_statement_names_the_backing_sides_platforms():
    statement = confidence_statement(
        facts(
            independent_backing=13,
            platform_names=("Google AI Overviews", "ChatGPT", "Perplexity", "Claude"),
            improves_platforms=("Google AI Overviews", "ChatGPT", "Perplexity"),
            no_effect_platforms=("Claude",),
        )
    )
    assert statement.startswith(
        "13 independent sources back this finding, with low confidence, across "
        "Google AI Overviews, ChatGPT and Perplexity."
    )
    assert "Claude" not in statement  # only the source that found no effect tested it
    assert "Against it, 1 of the 14 sources reviewed found no detectable effect" in statement


def test_independent_counts_only_organisations_that_clear_the_replication_rule():
    # The seed page's defect: 13 sources, but only 2 organisations weigh enough to replicate.
    statement = confidence_statement(facts(independent_backing=2))
    assert statement.startswith(
        "13 sources back this finding (2 organisations among them count as independent "
        "replications), with low confidence"
    )
    assert "independent sources" not in statement
    one = confidence_statement(facts(improves=3, independent_backing=1))
    assert "(1 organisation among them counts as an independent replication)" in one
    none = confidence_statement(facts(improves=2, independent_backing=0))
    assert none.startswith("2 sources back this finding, with low confidence")
    assert "independent" not in none


def test_against_statement_names_the_backing_outcomes_platforms():
    f = facts(
        direction=Direction.NO_EFFECT,
        improves=1,
        no_effect=2,
        improves_platforms=("Perplexity",),
        no_effect_platforms=("ChatGPT", "Gemini"),
    )
    statement = confidence_statement(f)
    assert statement.startswith(
        "2 of the 3 sources reviewed found no detectable effect, with low confidence, across "
        "ChatGPT and Gemini."
    )
    assert "Perplexity" not in statement


def test_singular_source_reads_as_singular():
    statement = confidence_statement(facts(improves=1, no_effect=0, independent_backing=1))
    assert statement.startswith("1 independent source backs this finding")


def test_no_live_platform_tested():
    statement = confidence_statement(facts(improves_platforms=()))
    assert "though none of them tested a live AI platform" in statement
    one = confidence_statement(facts(improves=1, no_effect=0, improves_platforms=()))
    assert "though it tested no live AI platform" in one
    two = confidence_statement(facts(improves=2, no_effect=0, improves_platforms=()))
    assert "though neither tested a live AI platform" in two
    answer = answers(facts(no_effect=0))[1].answer
    assert answer.startswith(
        "None of the 13 sources that found it improves visibility tested a live AI platform."
    )


def test_platform_answer_names_each_outcomes_platforms_and_the_platform_grades():
    f = facts(
        improves_platforms=("Google AI Overviews",),
        no_effect_platforms=("Claude",),
        platform_grades=(
            ("Google AI Overviews", Direction.LEANS_WORKS, Confidence.LOW),
            ("Claude", Direction.NO_EFFECT, Confidence.VERY_LOW),
        ),
    )
    answer = answers(f)[1].answer
    assert answer.startswith(
        "The 13 sources that found it improves visibility tested Google AI Overviews live. "
        "The one source that found no detectable effect tested Claude live. "
        "Graded on each platform's own evidence: Google AI Overviews: probably works (low "
        "confidence) and Claude: no effect (very low confidence)."
    )


def test_refuted_tactic_is_not_asked_where_it_works():
    f = facts(
        direction=Direction.NO_EFFECT,
        confidence=Confidence.MEDIUM,
        improves=0,
        no_effect=2,
        no_effect_platforms=("Perplexity",),
    )
    faq = answers(f)[1]
    assert faq.question == f"Does {ACTION} work on any AI search platform?"
    assert faq.answer.startswith(
        "Probably not: the evidence reviewed points against it. "
        "The 2 sources that found no detectable effect tested Perplexity live."
    )
    assert answers(facts())[1].question == f"On which AI search platforms does {ACTION} work?"


def test_platform_answer_says_when_no_official_statement_exists():
    answer = answers(facts(improves_platforms=("Google AI Overviews",)))[1].answer
    assert (
        "No platform has published an official statement on it yet: the evidence comes "
        "from independent studies and peer-reviewed research."
    ) in answer


def test_platform_answer_without_evidence_does_not_invent_any():
    answer = answers(facts(improves=0, no_effect=0, direction=Direction.NO_EVIDENCE))[1]
    assert answer.answer.startswith("No source has been reviewed yet")


def test_platform_answer_names_official_statements_and_their_scope():
    answer = answers(facts(official_organisations=("Google", "OpenAI")))[1].answer
    assert (
        "Google and OpenAI have published an official platform statement on it, which counts "
        "only for its own platform; the other evidence comes from independent studies and "
        "peer-reviewed research."
    ) in answer
    assert "No platform has published" not in answer


def test_methods_answer_counts_designs_peer_review_and_lab_studies():
    answer = answers(facts(lab_only=1))[2].answer
    assert answer.startswith(
        "We reviewed 14 sources: 12 observational studies and 2 controlled experiments."
    )
    assert "1 of them is peer-reviewed research." in answer
    assert "1 of them tested a simulated engine only, not a live AI platform, and counts" in answer
    assert "2 of them tested a simulated engine only, not a live AI platform, and count as" in (
        answers(facts(lab_only=2))[2].answer
    )


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
    f = facts(improves=total, no_effect=0, peer_reviewed=peer_reviewed,
              method_counts=((Method.SURVEY, total),))  # fmt: skip
    assert expected in answers(f)[2].answer


def test_no_evidence_yet():
    f = facts(direction=Direction.NO_EVIDENCE, confidence=Confidence.VERY_LOW, improves=0,
              no_effect=0, method_counts=(), peer_reviewed=0, platform_names=())  # fmt: skip
    assert answers(f)[0].answer.startswith("We don't know yet: no source on")
    assert "No source has been reviewed" in confidence_statement(f)
    assert "untested" in implementation_caution(f)


def test_join_words():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize("impact", Impact.values)
@pytest.mark.parametrize("direction", Direction.values)
@pytest.mark.parametrize("confidence", Confidence.values)
def test_every_combination_produces_four_complete_faqs(direction, confidence, impact):
    faqs = generated_faqs(facts(direction=direction, confidence=confidence, impact=impact))
    assert len(faqs) == 4
    for faq in faqs:
        assert faq.question.endswith("?")
        assert faq.answer.rstrip().endswith((".", ")"))
        assert "{" not in faq.answer
        assert "_" not in faq.answer  # no raw choice value such as very_low


def test_contested_evidence_is_flagged_in_the_statement():
    assert "contested" in confidence_statement(facts(contested=True))
    assert "contested" not in confidence_statement(facts(contested=False))


def test_when_every_source_found_the_same():
    only = facts(direction=Direction.NO_EFFECT, improves=0, no_effect=1)
    assert confidence_statement(only).startswith(
        "The one source reviewed found no detectable effect"
    )
    every = facts(direction=Direction.HARMS, improves=0, no_effect=0, worsens=4)
    assert confidence_statement(every).startswith(
        "All 4 sources reviewed found it worsens visibility"
    )
    both = facts(direction=Direction.NO_EFFECT, improves=0, no_effect=2)
    assert confidence_statement(both).startswith("Both sources reviewed found no detectable")


@pytest.mark.parametrize(
    ("counts", "direction", "expected"),
    [
        ((0, 0, 0, 0), Direction.NO_EVIDENCE, "No research has been reviewed"),
        ((1, 0, 0, 0), Direction.WORKS, "No. The one source reviewed did not find it "
         "ineffective or harmful."),
        ((5, 0, 0, 2), Direction.WORKS, "No. None of the 7 sources reviewed found it "
         "ineffective or harmful, though 2 found mixed results."),
        ((13, 1, 0, 0), Direction.WORKS, "Yes. 1 of the 14 sources reviewed found no "
         "detectable effect. Weigh this finding against the evidence that it works"),
        ((10, 2, 1, 0), Direction.WORKS, "Yes. 2 of the 13 sources reviewed found no "
         "detectable effect and 1 found it worsens visibility. Weigh these findings"),
        ((1, 3, 0, 0), Direction.NO_EFFECT, "Yes. 3 of the 4 sources reviewed found no "
         "detectable effect. The evidence says it makes no detectable difference: do not "
         "rely on it."),
        ((0, 0, 2, 0), Direction.HARMS, "Yes. Both sources reviewed found it worsens "
         "visibility. The evidence says it lowers visibility: avoid this tactic."),
        ((2, 0, 0, 0), Direction.WORKS, "No. Neither source reviewed found it ineffective"),
        ((0, 0, 0, 2), Direction.MIXED, "No. Neither source reviewed found it ineffective or "
         "harmful, though both found mixed results."),
        ((0, 0, 0, 1), Direction.MIXED, "No. The one source reviewed did not find it "
         "ineffective or harmful, though it found mixed results."),
        ((2, 1, 1, 0), Direction.MIXED, "Yes. 1 of the 4 sources reviewed found no detectable "
         "effect and 1 found it worsens visibility. The sources disagree"),
    ],
)  # fmt: skip
def test_evidence_against_summary(counts, direction, expected):
    improves, no_effect, worsens, mixed = counts
    summary = evidence_against_summary(
        facts(
            improves=improves,
            no_effect=no_effect,
            worsens=worsens,
            mixed=mixed,
            direction=direction,
        )  # fmt: skip
    )
    assert summary.startswith(expected)
