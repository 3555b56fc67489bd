"""The sentences the page writes itself from the evidence: the verdict's lead, the confidence
statement, the caution under the implementation steps and the opening of "the evidence
against it" (the generated FAQs are in tactics/faq_texts.py).

Plain functions of plain values (an ``EvidenceFacts``), no ORM, so each wording can be
tested for every confidence level, direction, impact and count. The wording follows
GRADE's plain-language convention: high confidence "X improves", medium "X probably
improves", low "X may improve", very low "we don't know yet". Three conclusions are said
apart: a tactic that works, one that makes no detectable difference (do not rely on it)
and one that harms (avoid it). Every count goes through tactics.grammar, so a sentence
reads correctly for 0, 1, 2 or 300 sources. The effort levels (what doing a tactic costs,
set by editors) are defined here once, for the methodology page, the tactic page and the
priority answer alike.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from scoring.rubric import MAX_SCORE
from sources.choices import Position
from tactics.choices import Confidence, Direction, Effort, Impact
from tactics.grammar import capfirst, count_noun, every, join_words, plural

OUTCOME = "AI search citation rates"

WORKS_SIDE = frozenset({Direction.WORKS, Direction.LEANS_WORKS})
NO_EFFECT_SIDE = frozenset({Direction.NO_EFFECT, Direction.LEANS_NO_EFFECT})
HARMS_SIDE = frozenset({Direction.HARMS, Direction.LEANS_HARMS})
# A tactic the evidence says does not help: it is never asked "where does it work?".
AGAINST = NO_EFFECT_SIDE | HARMS_SIDE
LEANING = frozenset({Direction.LEANS_WORKS, Direction.LEANS_NO_EFFECT, Direction.LEANS_HARMS})

# The outcome each conclusion rests on (rubric.CONCLUSIONS): what its backers found.
BACKED_BY = {
    Direction.WORKS: Position.IMPROVES,
    Direction.LEANS_WORKS: Position.IMPROVES,
    Direction.NO_EFFECT: Position.NO_EFFECT,
    Direction.LEANS_NO_EFFECT: Position.NO_EFFECT,
    Direction.HARMS: Position.WORSENS,
    Direction.LEANS_HARMS: Position.WORSENS,
}
# What a source found, as a verb phrase that agrees with any count ("1 found", "3 found").
FOUND = {
    Position.IMPROVES: "found it improves visibility",
    Position.NO_EFFECT: "found no detectable effect",
    Position.WORSENS: "found it worsens visibility",
    Position.MIXED: "found mixed results",
}
# The outcomes in a word, for counts beside one another ("Worsens: 2").
OUTCOME_SHORT = {
    Position.IMPROVES: "Improves",
    Position.NO_EFFECT: "No effect",
    Position.WORSENS: "Worsens",
    Position.MIXED: "Mixed",
}
# Nulls and harms, said apart: the evidence against "it works".
AGAINST_OUTCOMES = (Position.NO_EFFECT, Position.WORSENS)
OUTCOMES = (Position.IMPROVES, Position.NO_EFFECT, Position.WORSENS, Position.MIXED)

IMPACT_WORDS = {
    Impact.LARGE: "large",
    Impact.MODERATE: "moderate",
    Impact.SMALL: "small",
    Impact.NEGLIGIBLE: "negligible",
}


@dataclass(frozen=True)
class EffortLevel:
    """One effort level as a marketer plans it: the label, how long it takes, and what it
    usually is. The methodology page lists these; the tactic page and the compare page
    print the one a tactic has."""

    value: str
    label: str
    time: str  # "hours of work, done once"
    meaning: str

    @property
    def rated(self) -> bool:
        return self.value != Effort.UNRATED


EFFORT_LEVELS = (
    EffortLevel(
        Effort.TEMPLATE,
        Effort.TEMPLATE.label,
        "hours of work, done once",
        "One change to a page template, a site setting or a single file (structured data, "
        "a robots rule, an llms.txt), made once by a developer or in the CMS and then left "
        "alone.",
    ),
    EffortLevel(
        Effort.PROJECT,
        Effort.PROJECT.label,
        "days to weeks of work",
        "A piece of work with an end: rewriting or restructuring a set of pages, or "
        "setting up a process or a tool once.",
    ),
    EffortLevel(
        Effort.PROGRAMME,
        Effort.PROGRAMME.label,
        "months of continuing work",
        "Work that only pays while it goes on: earning links and press, taking part in "
        "communities, keeping content up to date, ranking in search.",
    ),
)
EFFORT_UNRATED = EffortLevel(
    Effort.UNRATED,
    Effort.UNRATED.label,
    "",
    "An editor has not yet judged what doing this tactic takes.",
)
_EFFORT = {level.value: level for level in EFFORT_LEVELS}


def effort_level(value: str) -> EffortLevel:
    """The effort level of a stored value; an empty or unknown one reads as not rated."""
    return _EFFORT.get(value, EFFORT_UNRATED)


@dataclass(frozen=True)
class EvidenceFacts:
    """What the texts need to know about a tactic's evidence."""

    action_name: str
    confidence: str = Confidence.VERY_LOW
    direction: str = Direction.NO_EVIDENCE
    score: Decimal = Decimal("0")
    impact: str = Impact.UNKNOWN
    improves: int = 0
    no_effect: int = 0
    worsens: int = 0
    mixed: int = 0
    # Every live platform any source tested, then the platforms of each outcome's sources:
    # a sentence about one outcome names that outcome's platforms only.
    platform_names: tuple[str, ...] = ()
    improves_platforms: tuple[str, ...] = ()
    no_effect_platforms: tuple[str, ...] = ()
    worsens_platforms: tuple[str, ...] = ()
    mixed_platforms: tuple[str, ...] = ()
    # Distinct organisations among the sources backing the direction whose quality weight
    # clears the engine's replication rule (scoring.rubric.REPLICATION_MIN_WEIGHT): what
    # "independent" may count.
    independent_backing: int = 0
    official_organisations: tuple[str, ...] = ()
    # (Method value, number of sources), most frequent first.
    method_counts: tuple[tuple[str, int], ...] = field(default=())
    peer_reviewed: int = 0
    lab_only: int = 0  # sources that tested a simulated engine and no live platform
    contested: bool = False
    # SourceType values present, most frequent first.
    source_types: tuple[str, ...] = ()
    # (platform name, direction, confidence) of each live platform's own grade.
    platform_grades: tuple[tuple[str, str, str], ...] = ()
    # What doing it costs (an editor's judgement, not part of the grade); "" not rated.
    effort: str = Effort.UNRATED

    @property
    def total(self) -> int:
        return self.improves + self.no_effect + self.worsens + self.mixed

    def count(self, outcome: str) -> int:
        return {
            Position.IMPROVES: self.improves,
            Position.NO_EFFECT: self.no_effect,
            Position.WORSENS: self.worsens,
            Position.MIXED: self.mixed,
        }[outcome]

    def platforms_of(self, outcome: str) -> tuple[str, ...]:
        return {
            Position.IMPROVES: self.improves_platforms,
            Position.NO_EFFECT: self.no_effect_platforms,
            Position.WORSENS: self.worsens_platforms,
            Position.MIXED: self.mixed_platforms,
        }[outcome]

    @property
    def backing(self) -> str | None:
        """The outcome the direction rests on; None for mixed or no evidence."""
        return BACKED_BY.get(self.direction)

    @property
    def against(self) -> int:
        """Sources that found no detectable effect or a harm: the evidence against "works"."""
        return self.no_effect + self.worsens

    @property
    def confidence_label(self) -> str:
        return Confidence(self.confidence).label.lower()

    @property
    def score_label(self) -> str:
        return f"{self.score}/{MAX_SCORE}"

    @property
    def certainty(self) -> str:
        return certainty(self.confidence, self.direction)

    @property
    def lead(self) -> str:
        return verdict_lead(self.confidence, self.direction)

    @property
    def no_evidence(self) -> bool:
        return not self.total or self.direction == Direction.NO_EVIDENCE


# --- the verdict's lead word -------------------------------------------------------------

# GRADE's informative statements: the certainty of the evidence sets the verb ("improves",
# "probably improves", "may improve", "we don't know"). A leaning direction is one notch
# less sure than a firm one, since a sizeable share of the evidence weight disagrees.
_LEADS = {
    Position.IMPROVES: {
        Confidence.HIGH: "Yes",
        Confidence.MEDIUM: "Probably",
        Confidence.LOW: "Possibly",
    },
    Position.NO_EFFECT: {
        Confidence.HIGH: "No",
        Confidence.MEDIUM: "Probably not",
        Confidence.LOW: "Possibly not",
    },
    Position.WORSENS: {
        Confidence.HIGH: "No, it harms",
        Confidence.MEDIUM: "Probably harmful",
        Confidence.LOW: "Possibly harmful",
    },
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
    if direction in LEANING:
        return _ONE_NOTCH_LESS[confidence]
    return confidence


def verdict_lead(confidence: str, direction: str) -> str:
    """The verdict's lead, a fixed wording of the grade (confidence and direction)."""
    sure = certainty(confidence, direction)
    if direction == Direction.MIXED:
        return UNCLEAR_LEAD if sure != Confidence.VERY_LOW else UNKNOWN_LEAD
    return _LEADS.get(BACKED_BY.get(direction), {}).get(sure, UNKNOWN_LEAD)


# A lead typed into the clause ("Yes: …", "Probably not: …") would print after the
# generated one and could contradict it: the model refuses it.
TYPED_LEAD = re.compile(
    r"^\s*(?:yes|no|not|probably|possibly|mixed|unclear|indirectly|partly|likely|unlikely"
    r"|maybe|harmful|we don't know)\b[^:]{0,40}:",
    re.IGNORECASE,
)


def full_verdict(confidence: str, direction: str, clause: str) -> str:
    """ "Probably: backlinks help pages rank …": the generated lead, then the editor's clause."""
    lead = verdict_lead(confidence, direction)
    clause = clause.strip()
    return f"{lead}: {clause}" if clause else f"{lead}."


# --- counting sentences ------------------------------------------------------------------


def sources(count: int) -> str:
    return count_noun(count, "source")


def names_no_platform(count: int) -> str:
    """The group of ``count`` sources just spoken of names no live platform."""
    if count == 1:
        return "it tested no live AI platform"
    return f"{'neither' if count == 2 else 'none of them'} tested a live AI platform"


def where(platforms: tuple[str, ...], count: int) -> str:
    if platforms:
        return f"across {join_words(platforms)}"
    return f"though {names_no_platform(count)}"


def found(facts: EvidenceFacts, outcomes) -> str:
    """ "2 of the 5 sources reviewed found no detectable effect and 1 found it worsens
    visibility": the outcomes with sources, the first counted against every source."""
    parts = [(facts.count(outcome), FOUND[outcome]) for outcome in outcomes if facts.count(outcome)]
    if not parts:
        return ""
    (first, phrase), rest = parts[0], parts[1:]
    if first == facts.total:
        head = f"{every(facts.total)} reviewed {phrase}"
    else:
        head = f"{first} of the {sources(facts.total)} reviewed {phrase}"
    return join_words([head, *(f"{count} {phrase}" for count, phrase in rest)])


def impact_words(impact: str) -> str:
    """ "a large expected effect", or that no source reports its size."""
    if impact in IMPACT_WORDS:
        return f"a {IMPACT_WORDS[impact]} expected effect"
    return "an effect whose size no source reports"


def against_note(facts: EvidenceFacts) -> str:
    """For a tactic that works: the nulls and harms that point the other way, said apart."""
    if facts.direction not in WORKS_SIDE or not facts.against:
        return ""
    return f" Against it, {found(facts, AGAINST_OUTCOMES)}: read that evidence before acting."


# --- the confidence statement above the implementation steps -----------------------------


CONTESTED_NOTE = " The evidence is contested: strong studies point another way."


def confidence_statement(facts: EvidenceFacts) -> str:
    text = _confidence_statement(facts)
    if facts.contested and facts.backing:
        return text + CONTESTED_NOTE
    return text


def _backers(facts: EvidenceFacts) -> str:
    """ "3 independent sources back this finding", or without "independent" when fewer
    distinct organisations than sources clear the replication rule, saying how many do."""
    count, independent = facts.improves, facts.independent_backing
    backs = plural(count, "backs", "back")
    if independent == count:
        return f"{count} independent {plural(count, 'source')} {backs} this finding"
    text = f"{sources(count)} {backs} this finding"
    if independent:
        replications = (
            "an independent replication" if independent == 1 else "independent replications"
        )
        text += (
            f" ({count_noun(independent, 'organisation')} among them "
            f"{plural(independent, 'counts', 'count')} as {replications})"
        )
    return text


_WORKS_ADVICE = {
    Confidence.HIGH: "Apply it consistently across your key pages.",
    Confidence.MEDIUM: "It probably helps: apply it where AI citation matters most and measure "
    "the effect.",
    Confidence.LOW: "Treat this as an early signal and test it on a few pages before committing "
    "significant resources.",
    Confidence.VERY_LOW: "We don't know yet whether it works: wait for better evidence or run a "
    "small, measured experiment.",
}
_NO_EFFECT_ADVICE = {
    Confidence.HIGH: "Do not expect it to raise your citations: spend the effort on tactics "
    "that work.",
    Confidence.MEDIUM: "It probably makes no difference: do not rely on it, and spend the effort "
    "on tactics that work.",
    Confidence.LOW: "It may make no difference: do not rely on it without testing it yourself.",
    Confidence.VERY_LOW: "We don't know yet whether it does anything: do not rely on it.",
}
_HARMS_ADVICE = {
    Confidence.HIGH: "Avoid it: it lowers AI-search visibility.",
    Confidence.MEDIUM: "Avoid it: it probably lowers AI-search visibility.",
    Confidence.LOW: "It may lower visibility: avoid it, or try it only on a few pages against "
    "a control.",
    Confidence.VERY_LOW: "We don't know yet, but what evidence there is says it lowers "
    "visibility: avoid it until better evidence says otherwise.",
}


def _confidence_statement(facts: EvidenceFacts) -> str:
    if facts.no_evidence:
        return (
            f"No source has been reviewed for {facts.action_name} yet, so there is no evidence "
            "either way."
        )
    level = facts.confidence_label
    backing = facts.backing
    if facts.direction in WORKS_SIDE:
        place = where(facts.improves_platforms, facts.improves)
        lead = f"{_backers(facts)}, with {level} confidence, {place}."
        return f"{lead} {_WORKS_ADVICE[facts.certainty]}{against_note(facts)}"
    if backing is not None:
        place = where(facts.platforms_of(backing), facts.count(backing))
        lead = f"{capfirst(found(facts, [backing]))}, with {level} confidence, {place}."
        advice = _HARMS_ADVICE if backing == Position.WORSENS else _NO_EFFECT_ADVICE
        return f"{lead} {advice[facts.certainty]}"
    place = where(facts.platform_names, facts.total)
    return (
        f"{sides_phrase(facts)}, with {level} confidence, {place}. "
        "Test it against a control before rolling it out."
    )


def sides_phrase(facts: EvidenceFacts) -> str:
    """ "The one source reviewed found mixed results" when every source found the same,
    else "The 4 sources reviewed disagree (2 found it improves visibility and …)"."""
    present = [outcome for outcome in OUTCOMES if facts.count(outcome)]
    if len(present) == 1:
        return capfirst(found(facts, present))
    counts = join_words(f"{facts.count(outcome)} {FOUND[outcome]}" for outcome in present)
    return f"The {facts.total} sources reviewed disagree ({counts})"


# --- the caution under the implementation steps ------------------------------------------


def implementation_caution(facts: EvidenceFacts) -> str:
    if facts.no_evidence:
        return "No evidence has been reviewed yet: treat these steps as untested."
    if facts.direction == Direction.HARMS:
        return (
            "The evidence says this tactic lowers visibility: avoid these steps. The steps are "
            "described so that you can recognise and undo the tactic on your own pages."
        )
    if facts.direction == Direction.LEANS_HARMS:
        return (
            "The evidence leans towards harm: avoid these steps, or try the steps only on a few "
            "pages against a control and stop at the first sign of lost visibility."
        )
    if facts.direction == Direction.NO_EFFECT:
        return (
            "The evidence finds no detectable effect: do not rely on these steps. If you try "
            "the steps anyway, treat the attempt as an experiment and measure it against a control."
        )
    if facts.direction == Direction.LEANS_NO_EFFECT:
        return (
            "The evidence leans towards no effect: do not rely on these steps. Try the steps on a "
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
    if facts.against:
        return f"{text} Read the evidence against it below before you start."
    return text


# --- the opening of "Does any research find it does not work?" ---------------------------


def _none_against(facts: EvidenceFacts) -> str:
    if facts.total == 1:
        mixed = ", though it found mixed results" if facts.mixed else ""
        return f"No. The one source reviewed did not find it ineffective or harmful{mixed}."
    group = "neither source" if facts.total == 2 else f"none of the {sources(facts.total)}"
    if facts.mixed == facts.total:
        mixed = f", though {'both' if facts.total == 2 else 'all of them'} found mixed results"
    elif facts.mixed:
        mixed = f", though {facts.mixed} found mixed results"
    else:
        mixed = ""
    return f"No. {capfirst(group)} reviewed found it ineffective or harmful{mixed}."


def evidence_against_summary(facts: EvidenceFacts) -> str:
    """The opening of the evidence against "it works": nulls and harms, said apart."""
    if not facts.total:
        return "No research has been reviewed for this tactic yet, for or against."
    if not facts.against:
        return _none_against(facts)
    who = f"Yes. {capfirst(found(facts, AGAINST_OUTCOMES))}."
    these = "this finding" if facts.against == 1 else "these findings"
    if facts.direction in WORKS_SIDE:
        return f"{who} Weigh {these} against the evidence that it works before acting."
    if facts.direction in HARMS_SIDE:
        return f"{who} The evidence says it lowers visibility: avoid this tactic."
    if facts.direction in NO_EFFECT_SIDE:
        return f"{who} The evidence says it makes no detectable difference: do not rely on it."
    return f"{who} The sources disagree: test it against a control before relying on it."
