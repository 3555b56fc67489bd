"""The sentences the page writes itself from the evidence: the confidence statement, the
caution under the implementation steps and the generated FAQs.

Plain functions of plain values (an ``EvidenceFacts``), no ORM, so each wording can be
tested for every confidence level and direction. The wording follows GRADE's plain-language
convention: high confidence "X improves", medium "X probably improves", low "X may
improve", very low "we don't yet know whether X improves". A tactic the evidence refutes
says plainly not to rely on it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sources.choices import Method, SourceType
from tactics.choices import Confidence, Direction

OUTCOME = "AI search citation rates"

SUPPORTIVE = frozenset({Direction.SUPPORTS, Direction.LEANS_SUPPORTS})
AGAINST = frozenset({Direction.CONTRADICTS, Direction.LEANS_CONTRADICTS})

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
    platform_names: tuple[str, ...] = ()
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


def verdict_lead(confidence: str, direction: str) -> str:
    """The verdict's lead, a fixed wording of the grade (confidence and direction)."""
    if direction in (Direction.LEANS_SUPPORTS, Direction.LEANS_CONTRADICTS):
        confidence = _ONE_NOTCH_LESS[confidence]
    if direction == Direction.MIXED:
        return UNCLEAR_LEAD if confidence != Confidence.VERY_LOW else UNKNOWN_LEAD
    leads = _LEADS_FOR if direction in SUPPORTIVE else _LEADS_AGAINST if direction in AGAINST else {}
    return leads.get(confidence, UNKNOWN_LEAD)


def full_verdict(confidence: str, direction: str, clause: str) -> str:
    """"Probably: backlinks help pages rank …": the generated lead, then the editor's clause."""
    lead = verdict_lead(confidence, direction)
    clause = clause.strip()
    return f"{lead}: {clause}" if clause else f"{lead}."


# --- small helpers ----------------------------------------------------------------------


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def join_words(items) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    items = [str(item) for item in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} and {items[-1]}"


def count_noun(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _sources(count: int) -> str:
    return count_noun(count, "source")


def _verb(count: int, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def _contradiction_note(facts: EvidenceFacts) -> str:
    if facts.direction in SUPPORTIVE and facts.contradicting:
        return (
            f" {_sources(facts.contradicting)} "
            f"{_verb(facts.contradicting, 'contradicts', 'contradict')} this: "
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


def _confidence_statement(facts: EvidenceFacts) -> str:
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return (
            f"No source has been reviewed for {facts.action_name} yet, so there is no evidence "
            "either way."
        )
    where = (
        f"across {join_words(facts.platform_names)}"
        if facts.platform_names
        else "though none of them names a specific AI platform"
    )
    level = facts.confidence_label
    if facts.direction in SUPPORTIVE:
        lead = (
            f"{facts.supporting} independent "
            f"{_verb(facts.supporting, 'source backs', 'sources back')}"
            f" this finding, with {level} confidence, {where}."
        )
        advice = {
            Confidence.HIGH: "Apply it consistently across your key pages.",
            Confidence.MEDIUM: "It probably helps: apply it where AI citation matters most "
            "and measure the effect.",
            Confidence.LOW: "Treat this as an early signal and test it on a few pages before "
            "committing significant resources.",
            Confidence.VERY_LOW: "We don't yet know whether it works: wait for better "
            "evidence or run a small, measured experiment.",
        }[facts.confidence]
        return f"{lead} {advice}{_contradiction_note(facts)}"
    if facts.direction in AGAINST:
        if facts.contradicting == facts.total == 1:
            who = "The one source reviewed contradicts"
        elif facts.contradicting == facts.total:
            who = f"All {facts.total} sources reviewed contradict"
        else:
            who = (
                f"{facts.contradicting} of the {_sources(facts.total)} reviewed "
                f"{_verb(facts.contradicting, 'contradicts', 'contradict')}"
            )
        lead = f"{who} this tactic, with {level} confidence, {where}."
        if facts.direction == Direction.CONTRADICTS:
            return f"{lead} Do not rely on it."
        return (
            f"{lead} The evidence leans against it: do not rely on it without testing it yourself."
        )
    return (
        f"The {_sources(facts.total)} reviewed disagree ({facts.supporting} supporting, "
        f"{facts.contradicting} contradicting, {facts.mixed} mixed), with {level} confidence, "
        f"{where}. Test it against a control before rolling it out."
    )


# --- the caution under the implementation steps ------------------------------------------


def implementation_caution(facts: EvidenceFacts) -> str:
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return "No evidence has been reviewed yet: treat these steps as untested."
    if facts.direction == Direction.CONTRADICTS:
        return (
            "The evidence contradicts this tactic: do not rely on it. If you try these steps "
            "anyway, treat them as an experiment and measure the result against a control."
        )
    if facts.direction == Direction.LEANS_CONTRADICTS:
        return (
            "The evidence leans against this tactic: do not rely on it. Test these steps on a "
            "few pages against a control before spending more on them."
        )
    if facts.direction == Direction.MIXED:
        return (
            "The evidence is mixed: test these steps on a few pages and compare them with a "
            "control before rolling them out."
        )
    text = {
        Confidence.HIGH: "The evidence is strong: these steps reflect established practice. "
        "Measure the effect on your own pages all the same.",
        Confidence.MEDIUM: "The evidence is moderate: these steps probably help. Roll them out "
        "where AI citation matters most and measure the effect.",
        Confidence.LOW: "The evidence is low: treat these steps as experimental, not "
        "established practice. Run a small test before broad rollout.",
        Confidence.VERY_LOW: "We don't yet know whether these steps work: try them only as a "
        "small, measured experiment.",
    }[facts.confidence]
    if facts.contradicting:
        return f"{text} Read the contradicting evidence below before you start."
    return text


# --- generated FAQs ----------------------------------------------------------------------


def _does_it_work(facts: EvidenceFacts) -> str:
    action, Action = facts.action_name, capfirst(facts.action_name)
    tally = (
        f"({_sources(facts.total)}, {facts.confidence_label} confidence, score {facts.score_label})"
    )
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return f"We don't yet know: no source on {action} has been reviewed yet."
    if facts.direction in SUPPORTIVE:
        answer = {
            Confidence.HIGH: f"Yes. {Action} improves {OUTCOME} {tally}.",
            Confidence.MEDIUM: f"Probably. {Action} probably improves {OUTCOME} {tally}.",
            Confidence.LOW: f"Possibly. {Action} may improve {OUTCOME}, but the evidence is "
            f"limited {tally}.",
            Confidence.VERY_LOW: f"We don't yet know whether {action} improves {OUTCOME}. "
            f"The sources point towards a benefit, but the evidence is very weak {tally}.",
        }[facts.confidence]
        return answer + _contradiction_note(facts)
    if facts.direction in AGAINST:
        rely = (
            "Do not rely on it."
            if facts.direction == Direction.CONTRADICTS
            else "Do not rely on it without testing it yourself."
        )
        answer = {
            Confidence.HIGH: f"No. {Action} does not improve {OUTCOME} {tally}.",
            Confidence.MEDIUM: f"Probably not. {Action} probably does not improve {OUTCOME} "
            f"{tally}.",
            Confidence.LOW: f"Probably not, though the evidence is limited: {action} may not "
            f"improve {OUTCOME} {tally}.",
            Confidence.VERY_LOW: f"We don't yet know, but the little evidence there is points "
            f"against {action} {tally}.",
        }[facts.confidence]
        return f"{answer} {rely}"
    return (
        f"Unclear. The sources disagree about whether {action} improves {OUTCOME}: "
        f"{facts.supporting} support it, {facts.contradicting} contradict it and "
        f"{facts.mixed} found mixed results {tally}."
    )


def _platforms(facts: EvidenceFacts) -> str:
    if not facts.total:
        return (
            "No source has been reviewed yet, so we can't say on which platforms, if any, it works."
        )
    if facts.platform_names:
        covered = f"The research covers {join_words(facts.platform_names)}."
    else:
        covered = "None of the sources names a specific AI platform."
    kinds = join_words(
        SOURCE_TYPE_NOUNS.get(value, str(value))
        for value in facts.source_types
        if value != SourceType.OFFICIAL
    )
    if facts.official_publishers:
        official = (
            f"{join_words(facts.official_publishers)} "
            f"{_verb(len(facts.official_publishers), 'has', 'have')} published an official "
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


def _methods(facts: EvidenceFacts) -> str:
    if not facts.total:
        return "No evidence has been collected yet."
    designs = join_words(
        count_noun(count, *METHOD_NOUNS.get(method, (str(method), f"{method}s")))
        for method, count in facts.method_counts
    )
    if facts.peer_reviewed == 0:
        peer = "None of them is peer-reviewed."
    elif facts.peer_reviewed == facts.total:
        peer = "All of them are peer-reviewed." if facts.total > 1 else "It is peer-reviewed."
    else:
        peer = (
            f"{facts.peer_reviewed} of them {_verb(facts.peer_reviewed, 'is', 'are')} "
            "peer-reviewed research."
        )
    return (
        f"We reviewed {_sources(facts.total)}: {designs}. {peer} Every source is listed with "
        "a link in the Sources section below."
    )


def _prioritise(facts: EvidenceFacts) -> str:
    if not facts.total or facts.direction == Direction.NO_EVIDENCE:
        return "Not yet: there is no evidence either way, so put tactics with evidence first."
    if facts.direction == Direction.CONTRADICTS:
        return (
            "No. The evidence contradicts it: do not rely on it, and spend the effort on "
            "tactics the evidence supports."
        )
    if facts.direction == Direction.LEANS_CONTRADICTS:
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
        Confidence.MEDIUM: "It is a reasonable priority: medium-confidence evidence says it "
        "probably works, so place it after the high-confidence tactics.",
        Confidence.LOW: "Not yet. With low confidence, treat it as secondary to "
        "higher-confidence tactics and test it on a small scale.",
        Confidence.VERY_LOW: "No. We don't yet know whether it works, so put tactics with "
        "stronger evidence first.",
    }[facts.confidence]


def generated_faqs(facts: EvidenceFacts) -> list[GeneratedFAQ]:
    action = facts.action_name
    return [
        GeneratedFAQ(
            f"Does {action} help you get cited in AI search results?", _does_it_work(facts)
        ),
        GeneratedFAQ(f"On which AI search platforms does {action} work?", _platforms(facts)),
        GeneratedFAQ("How was the evidence collected?", _methods(facts)),
        GeneratedFAQ(f"Should I prioritise {action} over other GEO tactics?", _prioritise(facts)),
    ]


# --- the opening of "Does any research contradict this?" ---------------------------------


def contradiction_summary(facts: EvidenceFacts) -> str:
    if not facts.total:
        return "No research has been reviewed for this tactic yet, for or against."
    if not facts.contradicting:
        mixed = (
            f", though {facts.mixed} found mixed results" if facts.mixed and facts.total > 1 else ""
        )
        if facts.total == 1:
            return "No. The one source reviewed does not contradict this tactic."
        return f"No. None of the {facts.total} sources reviewed contradicts this tactic{mixed}."
    if facts.contradicting == facts.total == 1:
        who = "The one source reviewed contradicts this tactic."
    elif facts.contradicting == facts.total:
        who = f"All {facts.total} sources reviewed contradict this tactic."
    else:
        who = (
            f"{facts.contradicting} of the {_sources(facts.total)} reviewed "
            f"{_verb(facts.contradicting, 'contradicts', 'contradict')} this tactic."
        )
    if facts.direction in AGAINST:
        return f"{who} They are the main body of evidence: do not rely on this tactic."
    return f"{who} Weigh these findings against the supporting evidence before acting."
