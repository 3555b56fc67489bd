from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Confidence(models.TextChoices):
    VERY_LOW = "very_low", "Very low"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Direction(models.TextChoices):
    """What the body of evidence says the tactic does: works, does nothing, or harms."""

    WORKS = "works", "Works"
    LEANS_WORKS = "leans_works", "Probably works"
    MIXED = "mixed", "Mixed"
    LEANS_NO_EFFECT = "leans_no_effect", "Probably no effect"
    NO_EFFECT = "no_effect", "No effect"
    LEANS_HARMS = "leans_harms", "Probably harms"
    HARMS = "harms", "Harms"
    NO_EVIDENCE = "no_evidence", "No evidence yet"


class Impact(models.TextChoices):
    """The size of the expected effect, apart from how sure we are of it (EEF's months of
    progress beside its padlocks)."""

    LARGE = "large", "Large"
    MODERATE = "moderate", "Moderate"
    SMALL = "small", "Small"
    NEGLIGIBLE = "negligible", "Negligible"
    UNKNOWN = "unknown", "Not reported"


class Effort(models.TextChoices):
    """What doing the tactic costs, the third axis beside certainty and impact (the EEF
    toolkit's cost). Set by editors; the methodology page defines each level."""

    TEMPLATE = "template", "A template change"
    PROJECT = "project", "A one-off project"
    PROGRAMME = "programme", "An ongoing programme"
    UNRATED = "", "Not rated yet"


class GradeLabels:
    """The words for a grade's ``confidence``, ``direction`` and ``impact`` values, for any
    class that has those attributes: the tactic page's platform grid and the compare
    table's platform cells print the same labels."""

    @property
    def confidence_label(self) -> str:
        return Confidence(self.confidence).label

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label

    @property
    def impact_label(self) -> str:
        return Impact(self.impact).label
