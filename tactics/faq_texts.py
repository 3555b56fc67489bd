"""The four FAQs every tactic page writes itself: does it work, on which platforms, how the
evidence was collected, and should I prioritise it. Each answer restates the grade in the
words of tactics/texts.py (the first opens with the verdict's own lead), so the FAQ and the
verdict can never disagree; the priority answer weighs direction, confidence and impact,
then adds what doing the tactic costs (its effort, an editor's judgement). Effort only ever
adds a sentence after the grade's answer: a cheap tactic is never promoted past what its
evidence says, and a costly one never called harmful."""

from dataclasses import dataclass

from sources.choices import Method, Position, SourceType
from tactics.choices import Confidence, Direction, Effort, Impact
from tactics.grammar import capfirst, count_noun, join_words, plural, tally
from tactics.texts import (
    AGAINST,
    FOUND,
    HARMS_SIDE,
    NO_EFFECT_SIDE,
    OUTCOME,
    OUTCOMES,
    WORKS_SIDE,
    EvidenceFacts,
    against_note,
    effort_level,
    impact_words,
    sides_phrase,
    sources,
)

# (singular, plural) of each study design, for "2 controlled experiments and 1 survey".
METHOD_NOUNS = {
    Method.CONTROLLED: ("controlled experiment", "controlled experiments"),
    Method.QUASI_EXPERIMENT: ("quasi-experiment", "quasi-experiments"),
    Method.OBSERVATIONAL: ("observational study", "observational studies"),
    Method.SURVEY: ("survey", "surveys"),
    Method.CASE_STUDY: ("case study", "case studies"),
    Method.EXPERT_OPINION: ("expert opinion", "expert opinions"),
}

# How the platform answer names the kinds of source the evidence comes from.
SOURCE_TYPE_NOUNS = {
    SourceType.PEER_REVIEWED: "peer-reviewed research",
    SourceType.PREPRINT: "preprints",
    SourceType.OFFICIAL: "official platform statements",
    SourceType.INDEPENDENT: "independent studies",
    SourceType.INDUSTRY: "industry reports",
    SourceType.PRACTITIONER: "practitioners' write-ups",
    SourceType.EXPERT_OPINION: "expert opinion",
}

# (singular, plural) names of the sources of one outcome, for the platform answer.
OUTCOME_GROUPS = {
    Position.IMPROVES: ("source that found it improves visibility",
                        "sources that found it improves visibility"),
    Position.NO_EFFECT: ("source that found no detectable effect",
                         "sources that found no detectable effect"),
    Position.WORSENS: ("source that found it worsens visibility",
                       "sources that found it worsens visibility"),
    Position.MIXED: ("source with mixed results", "sources with mixed results"),
}  # fmt: skip


@dataclass(frozen=True)
class GeneratedFAQ:
    question: str
    answer: str


def _tally(facts: EvidenceFacts) -> str:
    return (
        f"({sources(facts.total)}, {facts.confidence_label} confidence, score {facts.score_label})"
    )


def _size(facts: EvidenceFacts) -> str:
    if facts.impact == Impact.UNKNOWN:
        return " No source backing it reports the size of the effect."
    return f" The sources backing it report {impact_words(facts.impact)}."


def _does_it_work(facts: EvidenceFacts) -> str:
    """Opens with the verdict's own lead, so the FAQ and the verdict can never disagree."""
    action, Action, lead = facts.action_name, capfirst(facts.action_name), facts.lead
    if facts.no_evidence:
        return f"{lead}: no source on {action} has been reviewed yet."
    tally_ = _tally(facts)
    if facts.direction in WORKS_SIDE:
        answer = {
            Confidence.HIGH: f"{Action} improves {OUTCOME} {tally_}.",
            Confidence.MEDIUM: f"{Action} probably improves {OUTCOME} {tally_}.",
            Confidence.LOW: f"{Action} may improve {OUTCOME}, but the evidence is limited "
            f"{tally_}.",
            Confidence.VERY_LOW: f"The sources point towards a benefit from {action}, but the "
            f"evidence is very weak {tally_}.",
        }[facts.certainty]
        return f"{lead}. {answer}{_size(facts)}{against_note(facts)}"
    if facts.direction in NO_EFFECT_SIDE:
        answer = {
            Confidence.HIGH: f"{Action} makes no detectable difference to {OUTCOME} {tally_}.",
            Confidence.MEDIUM: f"{Action} probably makes no difference to {OUTCOME} {tally_}.",
            Confidence.LOW: f"{Action} may make no difference to {OUTCOME}, and the evidence "
            f"is limited {tally_}.",
            Confidence.VERY_LOW: f"What little evidence there is finds no effect from {action} "
            f"{tally_}.",
        }[facts.certainty]
        return f"{lead}. {answer} Do not rely on it."
    if facts.direction in HARMS_SIDE:
        answer = {
            Confidence.HIGH: f"{Action} lowers {OUTCOME} {tally_}.",
            Confidence.MEDIUM: f"{Action} probably lowers {OUTCOME} {tally_}.",
            Confidence.LOW: f"{Action} may lower {OUTCOME}, and the evidence is limited {tally_}.",
            Confidence.VERY_LOW: f"What little evidence there is says {action} lowers "
            f"{OUTCOME} {tally_}.",
        }[facts.certainty]
        return f"{lead}. {answer} Avoid it."
    if sum(1 for outcome in OUTCOMES if facts.count(outcome)) > 1:
        sides = tally((facts.count(o), FOUND[o], FOUND[o]) for o in OUTCOMES)
        return (
            f"{lead}. The sources disagree about whether {action} improves {OUTCOME}: "
            f"{sides} {tally_}."
        )
    return f"{lead}. {sides_phrase(facts)} {tally_}."


def _outcome_platforms(facts: EvidenceFacts, outcome: str) -> str:
    """ "The 2 sources that found it improves visibility tested ChatGPT live." for one
    outcome; nothing when no source found it."""
    count = facts.count(outcome)
    if not count:
        return ""
    singular, plural_form = OUTCOME_GROUPS[outcome]
    platforms = facts.platforms_of(outcome)
    group = f"the one {singular}" if count == 1 else f"the {count} {plural_form}"
    if platforms:
        return f"{capfirst(group)} tested {join_words(platforms)} live."
    if count == 1:
        return f"{capfirst(group)} tested no live AI platform."
    nobody = f"neither {singular}" if count == 2 else f"none of the {count} {plural_form}"
    return f"{capfirst(nobody)} tested a live AI platform."


def _by_platform(facts: EvidenceFacts) -> str:
    if not facts.platform_grades:
        return ""
    grades = join_words(
        f"{name}: {Direction(direction).label.lower()} ({Confidence(confidence).label.lower()} "
        "confidence)"
        for name, direction, confidence in facts.platform_grades
    )
    return f"Graded on each platform's own evidence: {grades}."


def _platforms(facts: EvidenceFacts) -> str:
    if not facts.total:
        return (
            "No source has been reviewed yet, so we can't say on which platforms, if any, it works."
        )
    order = list(OUTCOMES)
    opening = []
    if facts.direction in AGAINST:
        # A refuted tactic is not asked where it works: the answer says what the evidence
        # against it covers first, then whatever points the other way.
        backing = facts.backing
        order.remove(backing)
        order.insert(0, backing)
        opening = [f"{facts.lead}: the evidence reviewed points against it."]
    covered = " ".join(
        sentence
        for sentence in [
            *opening,
            *(_outcome_platforms(facts, o) for o in order),
            _by_platform(facts),
        ]
        if sentence
    )
    kinds = join_words(
        SOURCE_TYPE_NOUNS.get(value, str(value))
        for value in facts.source_types
        if value != SourceType.OFFICIAL
    )
    if facts.official_organisations:
        official = (
            f"{join_words(facts.official_organisations)} "
            f"{plural(len(facts.official_organisations), 'has', 'have')} published an official "
            "platform statement on it, which counts only for its own platform"
        ) + (f"; the other evidence comes from {kinds}." if kinds else ".")
    else:
        official = "No platform has published an official statement on it yet" + (
            f": the evidence comes from {kinds}." if kinds else "."
        )
    return (
        f"{covered} {official} Results may differ between platforms as AI systems change, "
        "so check current platform documentation before acting."
    )


def _peer_review(facts: EvidenceFacts) -> str:
    peer, total = facts.peer_reviewed, facts.total
    if peer == 0:
        if total == 1:
            return "It is not peer-reviewed."
        return "Neither is peer-reviewed." if total == 2 else "None of them is peer-reviewed."
    if peer == total:
        if total == 1:
            return "It is peer-reviewed."
        return "Both are peer-reviewed." if total == 2 else "All of them are peer-reviewed."
    return f"{peer} of them {plural(peer, 'is', 'are')} peer-reviewed research."


def _lab(facts: EvidenceFacts) -> str:
    if not facts.lab_only:
        return ""
    if facts.lab_only == facts.total:
        subject = "It" if facts.total == 1 else "Every one of them"
        return f" {subject} tested a simulated engine, not a live AI platform."
    return (
        f" {facts.lab_only} of them tested a simulated engine only, not a live AI platform, "
        f"and {plural(facts.lab_only, 'counts', 'count')} as indirect evidence."
    )


def _methods(facts: EvidenceFacts) -> str:
    if not facts.total:
        return "No evidence has been collected yet."
    designs = join_words(
        count_noun(count, *METHOD_NOUNS.get(method, (str(method), f"{method}s")))
        for method, count in facts.method_counts
        if count
    )
    return (
        f"We reviewed {sources(facts.total)}: {designs}. {_peer_review(facts)}{_lab(facts)} "
        "Every source is listed with a link in the Sources section below."
    )


def _worth(facts: EvidenceFacts) -> str:
    """How big the prize is, for a tactic that works."""
    if facts.impact in (Impact.LARGE, Impact.MODERATE):
        return f", and with {impact_words(facts.impact)}"
    if facts.impact in (Impact.SMALL, Impact.NEGLIGIBLE):
        return f", but with only {impact_words(facts.impact)}"
    return ", though no source reports how large the effect is"


def _prioritise(facts: EvidenceFacts) -> str:
    answer = _priority_from_grade(facts)
    cost = _cost(facts)
    return f"{answer} {cost}" if cost else answer


def _priority_from_grade(facts: EvidenceFacts) -> str:
    if facts.no_evidence:
        return "Not yet: there is no evidence either way, so put tactics with evidence first."
    if facts.direction in HARMS_SIDE:
        return (
            "No. Avoid it: the evidence says it lowers visibility. If your pages already do "
            "this, undoing it may be worth more than any new tactic."
        )
    if facts.direction in NO_EFFECT_SIDE:
        return (
            "No. The evidence finds no detectable effect: do not rely on it, and spend the "
            "effort on tactics the evidence says work."
        )
    if facts.direction == Direction.MIXED:
        return (
            "Not before tactics with clearer evidence: the sources disagree about whether it works."
        )
    sure, worth = facts.certainty, _worth(facts)
    small = facts.impact in (Impact.SMALL, Impact.NEGLIGIBLE)
    if sure == Confidence.HIGH:
        if small:
            return (
                f"Only once the bigger wins are done. It works with high confidence{worth}, so "
                "place it after tactics with a larger effect."
            )
        return f"Yes. It works with high confidence{worth}: it belongs among your first priorities."
    if sure == Confidence.MEDIUM:
        tail = (
            "place it after tactics with a larger or surer effect"
            if small
            else "place it after the high-confidence tactics"
        )
        return f"It is a reasonable priority. It probably works{worth}: {tail}."
    if sure == Confidence.LOW:
        return (
            f"Not yet. The evidence says only that it may work{worth}: treat it as secondary "
            "to higher-confidence tactics and test it on a small scale."
        )
    return "No. We don't know yet whether it works, so put tactics with stronger evidence first."


# What the effort adds, by how sure the evidence is that the tactic works. A cheap tactic
# is easy to try or to test; a programme is a commitment that needs surer evidence. Said
# after the grade's answer, never instead of it.
_COST_IF_WORKS = {
    Effort.TEMPLATE: {
        Confidence.HIGH: "It is cheap too: {what}.",
        Confidence.MEDIUM: "It is cheap to try, {what}: roll it out and measure the effect.",
        Confidence.LOW: "A test costs little: it is {what}.",
        Confidence.VERY_LOW: "If you try it anyway, it is {what}, cheap to test against a control.",
    },
    Effort.PROJECT: {
        Confidence.HIGH: "Plan it as {what}.",
        Confidence.MEDIUM: "Plan it as {what}, and measure the effect on the first pages "
        "before doing the rest.",
        Confidence.LOW: "Doing it in full is {what}: run the small test first.",
        Confidence.VERY_LOW: "Doing it in full is {what}, too much to spend on evidence this weak.",
    },
    Effort.PROGRAMME: {
        Confidence.HIGH: "Budget for it as {what}, not a quick win.",
        Confidence.MEDIUM: "It is {what}: start small and measure before you commit to it.",
        Confidence.LOW: "It is {what}: do not commit to it before a test of your own shows "
        "results.",
        Confidence.VERY_LOW: "It is {what}, too large a commitment on evidence this weak.",
    },
}
# For a tactic whose sources disagree, or that finds no effect: only what the time would
# buy, never a reason to do it.
_COST_IF_MIXED = {
    Effort.TEMPLATE: "It is {what}, cheap to test against a control.",
    Effort.PROJECT: "Doing it is {what}: test it on a few pages first.",
    Effort.PROGRAMME: "It is {what}, a large commitment to make on disputed evidence.",
}
_COST_IF_NO_EFFECT = {
    Effort.TEMPLATE: "",
    Effort.PROJECT: "Not doing it saves {what}.",
    Effort.PROGRAMME: "Not doing it saves {what}.",
}


def _cost(facts: EvidenceFacts) -> str:
    """The sentence effort adds to the priority answer; nothing when it is not rated, for
    a tactic that harms (no cost makes it worth doing) and where nothing is known."""
    level = effort_level(facts.effort)
    if not level.rated or facts.no_evidence or facts.direction in HARMS_SIDE:
        return ""
    what = f"{level.label.lower()} ({level.time})"
    if facts.direction in WORKS_SIDE:
        template = _COST_IF_WORKS[level.value][facts.certainty]
    elif facts.direction in NO_EFFECT_SIDE:
        template = _COST_IF_NO_EFFECT[level.value]
    else:
        template = _COST_IF_MIXED[level.value]
    return template.format(what=what)


def platform_question(facts: EvidenceFacts) -> str:
    """Asking a refuted tactic where it works would presume that it does."""
    if facts.direction in AGAINST:
        return f"Does {facts.action_name} work on any AI search platform?"
    return f"On which AI search platforms does {facts.action_name} work?"


def generated_faqs(facts: EvidenceFacts) -> list[GeneratedFAQ]:
    action = facts.action_name
    return [
        GeneratedFAQ(
            f"Does {action} help you get cited in AI search results?", _does_it_work(facts)
        ),
        GeneratedFAQ(platform_question(facts), _platforms(facts)),
        GeneratedFAQ("How was the evidence collected?", _methods(facts)),
        GeneratedFAQ(f"Should I prioritise {action} over other GEO tactics?", _prioritise(facts)),
    ]
