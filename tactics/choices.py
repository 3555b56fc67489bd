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
    SUPPORTS = "supports", "Supports"
    LEANS_SUPPORTS = "leans_supports", "Leans supportive"
    MIXED = "mixed", "Mixed"
    LEANS_CONTRADICTS = "leans_contradicts", "Leans against"
    CONTRADICTS = "contradicts", "Contradicts"
    NO_EVIDENCE = "no_evidence", "No evidence yet"
