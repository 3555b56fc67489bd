"""The enumerated attributes of a source and a stance, shared by the models and the scoring
engine (which must not import models)."""

from django.db import models


class SourceType(models.TextChoices):
    PEER_REVIEWED = "peer_reviewed", "Peer-reviewed research"
    PREPRINT = "preprint", "Preprint or working paper"
    OFFICIAL = "official", "Official platform statement"
    INDEPENDENT = "independent", "Independent study"
    INDUSTRY = "industry", "Industry report"
    PRACTITIONER = "practitioner", "Practitioner write-up"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"


class Method(models.TextChoices):
    CONTROLLED = "controlled", "Controlled experiment"
    QUASI_EXPERIMENT = "quasi_experiment", "Quasi-experiment"
    OBSERVATIONAL = "observational", "Observational / correlational"
    SURVEY = "survey", "Survey"
    CASE_STUDY = "case_study", "Case study"
    EXPERT_OPINION = "expert_opinion", "Expert opinion"


class Position(models.TextChoices):
    """What the source found the tactic does to AI-search visibility. A null (no detectable
    effect) is not a harm: both weigh against "works", but only a harm says "avoid it"."""

    IMPROVES = "improves", "Improves visibility"
    NO_EFFECT = "no_effect", "No detectable effect"
    WORSENS = "worsens", "Worsens visibility"
    MIXED = "mixed", "Mixed: helps in some settings, not in others"


class Directness(models.TextChoices):
    DIRECT = "direct", "Direct: tests the tactic itself"
    PARTIAL = "partial", "Partial: a proxy metric or an adjacent tactic"
    INDIRECT = "indirect", "Indirect: only something the tactic depends on"


class WithdrawalReason(models.TextChoices):
    RETRACTED = "retracted", "Retracted by its authors or publisher"
    MISLABELLED = "mislabelled", "Mislabelled: recorded with the wrong facts"
    DUPLICATE = "duplicate", "Duplicate of another source or stance"
    SUPERSEDED = "superseded", "Superseded by a newer version"


class EffectMeasure(models.TextChoices):
    """The outcome a reported effect size was measured on."""

    CITATION_RATE = "citation_rate", "Citation rate"
    ANSWER_SHARE = "answer_share", "Share of answers citing"
    VISIBILITY = "visibility", "Visibility score"
    MENTION_RATE = "mention_rate", "Brand mention rate"
    RANK = "rank", "Rank or position in answers"
    OTHER = "other", "Other outcome (say which in the quotation)"


class EffectKind(models.TextChoices):
    """How the reported effect is expressed; each kind has its own magnitude bands."""

    RELATIVE = "relative", "Relative change (%)"
    ABSOLUTE_PP = "absolute_pp", "Absolute change (percentage points)"
    CORRELATION = "correlation", "Correlation coefficient"
    ODDS_RATIO = "odds_ratio", "Odds ratio"


class OrganisationKind(models.TextChoices):
    UNIVERSITY = "university", "University or research institute"
    PLATFORM = "platform", "AI or search platform"
    TOOL_VENDOR = "tool_vendor", "Vendor of AI-visibility or SEO tools"
    AGENCY = "agency", "Agency or consultancy"
    MEDIA = "media", "Media or publisher"
    INDEPENDENT = "independent", "Independent researcher"
    OTHER = "other", "Other, or not yet classified"
