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
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"
    MIXED = "mixed", "Mixed"


class Directness(models.TextChoices):
    DIRECT = "direct", "Direct: tests the tactic itself"
    PARTIAL = "partial", "Partial: a proxy metric or an adjacent tactic"
    INDIRECT = "indirect", "Indirect: only something the tactic depends on"


class WithdrawalReason(models.TextChoices):
    RETRACTED = "retracted", "Retracted by its authors or publisher"
    MISLABELLED = "mislabelled", "Mislabelled: recorded with the wrong facts"
    DUPLICATE = "duplicate", "Duplicate of another source or stance"
    SUPERSEDED = "superseded", "Superseded by a newer version"
