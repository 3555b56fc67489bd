"""The sentences the page writes itself from the evidence: the verdict's lead, the confidence
statement, the caution under the implementation steps, the contradiction summary and the
generated FAQs.

Plain functions of plain values (an ``EvidenceFacts``), no ORM, so each wording can be
tested for every confidence level, direction and count. The wording follows GRADE's
plain-language convention: high confidence "X improves", medium "X probably improves", low
"X may improve", very low "we don't know yet". A tactic the evidence refutes says plainly
not to rely on it. Every count goes through the number-agreement helpers below, so a
sentence reads correctly for 0, 1, 2 or 300 sources.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sources.choices import Method, SourceType
from tactics.choices import Confidence, Direction
from tactics.grammar import (  # noqa: F401 (re-exported: the sentences and their tests use them)
    capfirst,
    count_noun,
    every,
    join_words,
    no_one_of,
    plural,
    pronoun,
    tally,
)

OUTCOME = "AI search citation rates"

SUPPORTIVE = frozenset({Direction.WORKS, Direction.LEANS_WORKS})
AGAINST = frozenset(
    {Direction.HARMS, Direction.LEANS_HARMS, Direction.NO_EFFECT, Direction.LEANS_NO_EFFECT}
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


@dataclass(frozen=True)
class EvidenceFacts:
    """What the texts need to know about a tactic's evidence."""

    action_name: str
    confidence: str = Confidence.VERY_LOW
    direction: str = Direction.NO_EVIDENCE
    score: Decimal = Decimal("0")
    supporting: int = 0
    contradicting: int = 0
    mixed: int = 0
    # Every platform any source studied, then the platforms of each side's sources: a
    # sentence about one side names that side's platforms only.
    platform_names: tuple[str, ...] = ()
    supporting_platforms: tuple[str, ...] = ()
    contradicting_platforms: tuple[str, ...] = ()
    mixed_platforms: tuple[str, ...] = ()
    # Distinct publishers among the supporting sources whose quality weight clears the
    # engine's replication rule (scoring.rubric.REPLICATION_MIN_WEIGHT): what "independent"
    # may count. The supporting side is the winning side whenever a sentence uses it.
    independent_supporting: int = 0
    official_publishers: tuple[str, ...] = ()
    # (Method value, number of sources), most frequent first.
    method_counts: tuple[tuple[str, int], ...] = field(default=())
    peer_reviewed: int = 0
    contested: bool = False
    # SourceType values present, most frequent first.
    source_types: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return self.supporting + self.contradicting + self.mixed

    @property
    def confidence_label(self) -> str:
        return Confidence(self.confidence).label.lower()

    @property
    def score_label(self) -> str:
        return f"{self.score}/35"

    @property
    def certainty(self) -> str:
        return certainty(self.confidence, self.direction)

    @property
    def lead(self) -> str:
        return verdict_lead(self.confidence, self.direction)


@dataclass(frozen=True)
class GeneratedFAQ:
    question: str
    answer: str


# --- the verdict's lead word -------------------------------------------------------------

# GRADE's informative statements: the certainty of the evidence sets the verb ("improves",
# "probably improves", "may improve", "we don't know"). A leaning direction is one notch
# less sure than a clear one, since a sizeable share of the evidence weight disagrees.
_LEADS_FOR = {
    Confidence.HIGH: "Yes",
    Confidence.MEDIUM: "Probably",
    Confidence.LOW: "Possibly",
}
_LEADS_AGAINST = {
    Confidence.HIGH: "No",
    Confidence.MEDIUM: "Probably not",
    Confidence.LOW: "Possibly not",
}
_ONE_NOTCH_LESS = {
    Confidence.HIGH: Confidence.MEDIUM,
    Confidence.MEDIUM: Confidence.LOW,
    Confidence.LOW: Confidence.VERY_LOW,
    Confidence.VERY_LOW: Confidence.VERY_LOW,
}
UNKNOWN_LEAD = "We don't know yet"
UNCLEAR_LEAD = "Unclear"


def certainty(confidence: str, direction: str) -> str:
    """How sure the generated words may sound: the grade's confidence, one notch less for a
    leaning direction. The lead and every answer that restates it read this one value, so
    a "Possibly" lead is never followed by "X probably improves"."""
    if direction in (Direction.LEANS_WORKS, Direction.LEANS_HARMS):
        return _ONE_NOTCH_LESS[confidence]
    return confidence


def verdict_lead(confidence: str, direction: str) -> str:
    """The verdict's lead, a fixed wording of the grade (confidence and direction)."""
    sure = certainty(confidence, direction)
    if direction == Direction.MIXED:
        return UNCLEAR_LEAD if sure != Confidence.VERY_LOW else UNKNOWN_LEAD
    leads = (
        _LEADS_FOR if direction in SUPPORTIVE else _LEADS_AGAINST if direction in AGAINST else {}
    )
    return leads.get(sure, UNKNOWN_LEAD)


# A lead typed into the clause ("Yes: …", "Probably not: …") would print after the
# generated one and could contradict it: the model refuses it.
TYPED_LEAD = re.compile(
    r"^\s*(?:yes|no|not|probably|possibly|mixed|unclear|indirectly|partly|likely|unlikely"
    r"|maybe|we don't know)\b[^:]{0,40}:",
    re.IGNORECASE,
)


def full_verdict(confidence: str, direction: str, clause: str) -> str:
    """ "Probably: backlinks help pages rank …": the generated lead, then the editor's clause."""
    lead = verdict_lead(confidence, direction)
    clause = clause.strip()
    return f"{lead}: {clause}" if clause else f"{lead}."


def _sources(count: int) -> str:
    return count_noun(count, "source")


def _names_no_platform(count: int) -> str:
    """The group of ``count`` sources just spoken of names no platform."""
    if count == 1:
        return "it names no specific AI platform"
    return f"{'neither' if count == 2 else 'none of them'} names a specific AI platform"


def _where(platforms: tuple[str, ...], count: int) -> str:
    if platforms:
        return f"across {join_words(platforms)}"
    return f"though {_names_no_platform(count)}"


def _contradiction_note(facts: EvidenceFacts) -> str:
    if facts.direction in SUPPORTIVE and facts.contradicting:
        return (
            f" {_sources(facts.contradicting)} "
            f"{plural(facts.contradicting, 'contradicts', 'contradict')} this: "
            "read the contradicting evidence before acting."
        )
    return ""


# --- the confidence statement above the implementation steps -----------------------------


CONTESTED_NOTE = " The evidence is contested: strong studies point the other way."


def confidence_statement(facts: EvidenceFacts) -> str:
    text = _confidence_statement(facts)
    if facts.contested and facts.direction in SUPPORTIVE | AGAINST:
        return text + CONTESTED_NOTE
    return text


def _backers(facts: EvidenceFacts) -> str:
    """ "3 independent sources back this finding", or without "independent" when fewer
    distinct publishers than sources clear the replication rule, saying how many do."""
    count, independent = facts.supporting, facts.independent_supporting
    backs = plural(count, "backs", "back")
    if independent == count:
        return f"{count} independent {plural(count, 'source')} {backs} this finding"
    text = f"{_sources(count)} {backs} this finding"
    if independent:
        replications = (
            "an independent replication" if independent == 1 else "independent replications"
        )
        text += (
            f" ({count_noun(independent, 'publisher')} among them "
            f"{plural(independent, 'counts', 'count')} as {replications})"
        )
    return text


def _sides_phrase(facts: EvidenceFacts, noun: str) -> str:
    """ "The one source reviewed supports it" when every source took one side (``noun`` is
    what each verb is about), else "The 4 sources reviewed disagree (2 supporting …)"."""
    sides = [
        (facts.supporting, "supports", "support", "supporting"),
        (facts.contradicting, "contradicts", "contradict", "contradicting"),
        (facts.mixed, "found mixed results", "found mixed results", "mixed"),
    ]
    present = [side for side in sides if side[0]]
    if len(present) == 1:
        _, singular, plural_form, _ = present[0]
        verb = plural(facts.total, singular, plural_form)
        obj = "" if verb == "found mixed results" else f" {noun}"
        return f"{capfirst(every(facts.total))} reviewed {verb}{obj}"
    counts = join_words(f"{count} {adjective}" for count, _, _, adjective in present)
    return f"The {facts.total} sources reviewed disagree ({counts})"


def _confidence_statement(facts: EvidenceFacts) -> str:
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return (
            f"No source has been reviewed for {facts.action_name} yet, so there is no evidence "
            "either way."
        )
    level = facts.confidence_label
    if facts.direction in SUPPORTIVE:
        where = _where(facts.supporting_platforms, facts.supporting)
        lead = f"{_backers(facts)}, with {level} confidence, {where}."
        advice = {
            Confidence.HIGH: "Apply it consistently across your key pages.",
            Confidence.MEDIUM: "It probably helps: apply it where AI citation matters most "
            "and measure the effect.",
            Confidence.LOW: "Treat this as an early signal and test it on a few pages before "
            "committing significant resources.",
            Confidence.VERY_LOW: "We don't know yet whether it works: wait for better "
            "evidence or run a small, measured experiment.",
        }[facts.certainty]
        return f"{lead} {advice}{_contradiction_note(facts)}"
    if facts.direction in AGAINST:
        if facts.contradicting == facts.total:
            who = (
                f"{capfirst(every(facts.total))} reviewed "
                f"{plural(facts.total, 'contradicts', 'contradict')}"
            )
        else:
            who = (
                f"{facts.contradicting} of the {_sources(facts.total)} reviewed "
                f"{plural(facts.contradicting, 'contradicts', 'contradict')}"
            )
        where = _where(facts.contradicting_platforms, facts.contradicting)
        lead = f"{who} this tactic, with {level} confidence, {where}."
        if facts.direction == Direction.NO_EFFECT:
            return f"{lead} Do not rely on it."
        return (
            f"{lead} The evidence leans against it: do not rely on it without testing it yourself."
        )
    where = _where(facts.platform_names, facts.total)
    return (
        f"{_sides_phrase(facts, 'it')}, with {level} confidence, {where}. "
        "Test it against a control before rolling it out."
    )


# --- the caution under the implementation steps ------------------------------------------


def implementation_caution(facts: EvidenceFacts) -> str:
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return "No evidence has been reviewed yet: treat these steps as untested."
    if facts.direction == Direction.NO_EFFECT:
        return (
            "The evidence contradicts this tactic: do not rely on it. If you try these steps "
            "anyway, treat the attempt as an experiment and measure the result against a control."
        )
    if facts.direction == Direction.LEANS_NO_EFFECT:
        return (
            "The evidence leans against this tactic: do not rely on it. Test these steps on a "
            "few pages against a control before spending more on this tactic."
        )
    if facts.direction == Direction.MIXED:
        return (
            "The evidence is mixed: test these steps on a few pages and compare the results "
            "with a control before a wider rollout."
        )
    text = {
        Confidence.HIGH: "The evidence is strong: these steps reflect established practice. "
        "Measure the effect on your own pages all the same.",
        Confidence.MEDIUM: "The evidence is moderate: these steps probably help. Roll these "
        "steps out where AI citation matters most and measure the effect.",
        Confidence.LOW: "The evidence is low: treat these steps as experimental, not "
        "established practice. Run a small test before broad rollout.",
        Confidence.VERY_LOW: "We don't know yet whether these steps work: try these steps "
        "only as a small, measured experiment.",
    }[facts.certainty]
    if facts.contradicting:
        return f"{text} Read the contradicting evidence below before you start."
    return text


# --- generated FAQs ----------------------------------------------------------------------


def _does_it_work(facts: EvidenceFacts) -> str:
    """Opens with the verdict's own lead, so the FAQ and the verdict can never disagree."""
    action, Action, lead = facts.action_name, capfirst(facts.action_name), facts.lead
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return f"{lead}: no source on {action} has been reviewed yet."
    tally_ = (
        f"({_sources(facts.total)}, {facts.confidence_label} confidence, score {facts.score_label})"
    )
    if facts.direction in SUPPORTIVE:
        answer = {
            Confidence.HIGH: f"{Action} improves {OUTCOME} {tally_}.",
            Confidence.MEDIUM: f"{Action} probably improves {OUTCOME} {tally_}.",
            Confidence.LOW: f"{Action} may improve {OUTCOME}, but the evidence is limited "
            f"{tally_}.",
            Confidence.VERY_LOW: f"The sources point towards a benefit from {action}, but the "
            f"evidence is very weak {tally_}.",
        }[facts.certainty]
        return f"{lead}. {answer}{_contradiction_note(facts)}"
    if facts.direction in AGAINST:
        rely = (
            "Do not rely on it."
            if facts.direction == Direction.NO_EFFECT
            else "Do not rely on it without testing it yourself."
        )
        answer = {
            Confidence.HIGH: f"{Action} does not improve {OUTCOME} {tally_}.",
            Confidence.MEDIUM: f"{Action} probably does not improve {OUTCOME} {tally_}.",
            Confidence.LOW: f"{Action} may not improve {OUTCOME}, and the evidence is limited "
            f"{tally_}.",
            Confidence.VERY_LOW: f"The little evidence there is points against {action} {tally_}.",
        }[facts.certainty]
        return f"{lead}. {answer} {rely}"
    if sum(1 for count in (facts.supporting, facts.contradicting, facts.mixed) if count) > 1:
        sides = tally(
            [
                (facts.supporting, "supports it", "support it"),
                (facts.contradicting, "contradicts it", "contradict it"),
                (facts.mixed, "found mixed results", "found mixed results"),
            ]
        )
        return (
            f"{lead}. The sources disagree about whether {action} improves {OUTCOME}: "
            f"{sides} {tally_}."
        )
    return f"{lead}. {_sides_phrase(facts, 'it')} {tally_}."


def _side_platforms(count: int, noun: tuple[str, str], platforms: tuple[str, ...]) -> str:
    """ "The 2 supporting sources studied Google AI Overviews and ChatGPT." for one side;
    ``noun`` is the (singular, plural) name of that side's sources."""
    if not count:
        return ""
    singular, plural_form = noun
    group = f"the one {singular}" if count == 1 else f"the {count} {plural_form}"
    if platforms:
        return f"{capfirst(group)} studied {join_words(platforms)}."
    if count == 1:
        return f"{capfirst(group)} names no specific AI platform."
    nobody = f"neither {singular}" if count == 2 else f"none of the {count} {plural_form}"
    return f"{capfirst(nobody)} names a specific AI platform."


def _platforms(facts: EvidenceFacts) -> str:
    if not facts.total:
        return (
            "No source has been reviewed yet, so we can't say on which platforms, if any, it works."
        )
    supporting = _side_platforms(
        facts.supporting, ("supporting source", "supporting sources"), facts.supporting_platforms
    )
    contradicting = _side_platforms(
        facts.contradicting,
        ("contradicting source", "contradicting sources"),
        facts.contradicting_platforms,
    )
    mixed = _side_platforms(
        facts.mixed,
        ("source with mixed results", "sources with mixed results"),
        facts.mixed_platforms,
    )
    if facts.direction in AGAINST:
        # A refuted tactic is not asked where it works: the answer says what the evidence
        # against it covers first, then whatever points the other way.
        sides = [f"{facts.lead}: the evidence reviewed points against it.", contradicting,
                 supporting, mixed]  # fmt: skip
    else:
        sides = [supporting, contradicting, mixed]
    covered = " ".join(sentence for sentence in sides if sentence)
    kinds = join_words(
        SOURCE_TYPE_NOUNS.get(value, str(value))
        for value in facts.source_types
        if value != SourceType.OFFICIAL
    )
    if facts.official_publishers:
        official = (
            f"{join_words(facts.official_publishers)} "
            f"{plural(len(facts.official_publishers), 'has', 'have')} published an official "
            "platform statement on it"
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


def _methods(facts: EvidenceFacts) -> str:
    if not facts.total:
        return "No evidence has been collected yet."
    designs = join_words(
        count_noun(count, *METHOD_NOUNS.get(method, (str(method), f"{method}s")))
        for method, count in facts.method_counts
        if count
    )
    return (
        f"We reviewed {_sources(facts.total)}: {designs}. {_peer_review(facts)} Every source "
        "is listed with a link in the Sources section below."
    )


def _prioritise(facts: EvidenceFacts) -> str:
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return "Not yet: there is no evidence either way, so put tactics with evidence first."
    if facts.direction == Direction.NO_EFFECT:
        return (
            "No. The evidence contradicts it: do not rely on it, and spend the effort on "
            "tactics the evidence supports."
        )
    if facts.direction == Direction.LEANS_NO_EFFECT:
        return (
            "No. The evidence leans against it: do not rely on it, and put tactics with "
            "supporting evidence first."
        )
    if facts.direction == Direction.MIXED:
        return (
            "Not before tactics with clearer evidence: the sources disagree about whether it works."
        )
    return {
        Confidence.HIGH: "Yes. With high confidence that it works, it belongs among your first "
        "priorities.",
        Confidence.MEDIUM: "It is a reasonable priority: the evidence says it probably works, "
        "so place it after the high-confidence tactics.",
        Confidence.LOW: "Not yet. The evidence says only that it may work: treat it as "
        "secondary to higher-confidence tactics and test it on a small scale.",
        Confidence.VERY_LOW: "No. We don't know yet whether it works, so put tactics with "
        "stronger evidence first.",
    }[facts.certainty]


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


# --- the opening of "Does any research contradict this?" ---------------------------------


def _no_contradiction(facts: EvidenceFacts) -> str:
    if facts.total == 1:
        mixed = ", though it found mixed results" if facts.mixed else ""
        return f"No. The one source reviewed does not contradict this tactic{mixed}."
    if facts.mixed == facts.total:
        mixed = f", though {'both' if facts.total == 2 else 'all of them'} found mixed results"
    elif facts.mixed:
        mixed = f", though {facts.mixed} found mixed results"
    else:
        mixed = ""
    return f"No. {capfirst(no_one_of(facts.total))} reviewed contradicts this tactic{mixed}."


def contradiction_summary(facts: EvidenceFacts) -> str:
    if not facts.total:
        return "No research has been reviewed for this tactic yet, for or against."
    count = facts.contradicting
    if not count:
        return _no_contradiction(facts)
    verb = plural(count, "contradicts", "contradict")
    if count == facts.total:
        who = f"{capfirst(every(facts.total))} reviewed {verb} this tactic."
    else:
        who = f"{count} of the {_sources(facts.total)} reviewed {verb} this tactic."
    they = capfirst(pronoun(count))
    if facts.direction in AGAINST:
        if count == facts.total:
            why = f"{they} {plural(count, 'is', 'are')} the only evidence"
        elif facts.supporting:
            why = f"{they} {plural(count, 'carries', 'carry')} more weight than the supporting evidence"
        else:
            others = facts.total - count
            why = f"The other {'source' if others == 1 else _sources(others)} found mixed results"
        return f"{who} {why}: do not rely on this tactic."
    findings = "this finding" if count == 1 else "these findings"
    if facts.supporting:
        return f"{who} Weigh {findings} against the supporting evidence before acting."
    if facts.mixed:
        return f"{who} Weigh {findings} against the mixed results before acting."
    return f"{who} Weigh {findings} carefully before acting."
