from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scoring.breakdown import Assessment
from scoring.rubric import MAX_SCORE
from tactics.choices import Confidence, Direction, Effort, Impact, Status
from tactics.texts import TYPED_LEAD, full_verdict, verdict_lead


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(
        blank=True, help_text="One or two sentences shown on the home page."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class PlatformQuerySet(models.QuerySet):
    def having(self, rows):
        """Platforms with at least one of `rows` (a queryset of rows with a `platform`
        key, already narrowed to what counts). A scalar subquery with LIMIT 1 per
        platform, not EXISTS: PostgreSQL flattens EXISTS into a semi-join that hashes
        every matching row on each request, while this stops at each platform's first
        one (a few index probes for the handful of platforms). order_by() drops the
        rows' default ordering, which would sort every match."""
        first = rows.filter(platform=OuterRef("pk")).order_by().values("pk")[:1]
        return self.alias(first_row=Subquery(first)).filter(first_row__isnull=False)


class Platform(models.Model):
    slug = models.SlugField(
        max_length=40, unique=True, help_text="Stable identifier, e.g. google-aio."
    )
    name = models.CharField(
        max_length=80, unique=True, help_text="Shown on every page, e.g. Google AI Overviews."
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = PlatformQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class TacticQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published tactics, plus drafts for staff who preview them."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()


# Addresses a tactic's slug would collide with: /changes/feed.atom is the site-wide feed
# of grade changes, so a tactic slugged "feed" could never have its own at
# /changes/<slug>.atom.
RESERVED_SLUGS = frozenset({"feed"})


class Tactic(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    question = models.CharField(
        max_length=200,
        help_text="The page title, asked as a question: “Do backlinks improve AI search citation rates?”",
    )
    action_name = models.CharField(
        max_length=120,
        help_text="Short, lower-case action used inside sentences: “building backlinks for AI search”.",
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="tactics")
    lede = models.TextField(help_text="The opening paragraph. Markdown links allowed.")
    verdict = models.CharField(
        max_length=300,
        help_text="The clause that follows the lead word, which the site writes from the grade "
        "(“Probably”, “We don't know yet” …): “backlinks help pages rank, and rankings decide "
        "which pages AI search retrieves.” Do not start with Yes, No or Probably.",
    )
    body = models.TextField(
        blank=True, help_text="Markdown. Use question-headed sections (## What role do …?)."
    )
    limitations = models.TextField(
        blank=True, help_text="Markdown for “What the evidence doesn't prove”."
    )
    implementation_heading = models.CharField(
        max_length=200,
        blank=True,
        help_text="e.g. “How to build a link strategy that supports AI search citations”.",
    )
    related_tactics = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Chosen by the editor. Left empty, the page picks the closest tactics itself.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    effort = models.CharField(
        max_length=10,
        choices=Effort.choices,
        blank=True,
        help_text="What doing it costs: a template change (hours, once), a one-off project "
        "(days to weeks), or an ongoing programme (months of continuing work).",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When an editor last checked the page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(
        auto_now=True, help_text="Last change to the content or to its evidence."
    )

    # Evidence summary, written only by the scoring engine (scoring/services.py).
    evidence_score = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)],
    )
    confidence = models.CharField(
        max_length=10, choices=Confidence.choices, default=Confidence.VERY_LOW
    )
    direction = models.CharField(
        max_length=20, choices=Direction.choices, default=Direction.NO_EVIDENCE
    )
    contested = models.BooleanField(default=False)
    impact = models.CharField(max_length=10, choices=Impact.choices, default=Impact.UNKNOWN)
    improves_count = models.PositiveIntegerField(default=0)
    no_effect_count = models.PositiveIntegerField(default=0)
    worsens_count = models.PositiveIntegerField(default=0)
    mixed_count = models.PositiveIntegerField(default=0)
    platforms_covered = models.ManyToManyField(Platform, blank=True, related_name="+")
    evidence_computed_at = models.DateTimeField(null=True, blank=True)
    evidence_breakdown = models.JSONField(default=dict, blank=True)

    # Written only by scoring; read-only everywhere else, the admin included.
    EVIDENCE_FIELDS = (
        "evidence_score",
        "confidence",
        "direction",
        "contested",
        "impact",
        "improves_count",
        "no_effect_count",
        "worsens_count",
        "mixed_count",
        "platforms_covered",
        "evidence_computed_at",
        "evidence_breakdown",
    )

    # Scoring keeps its own history (ScoreSnapshot). The evidence fields stay out of the
    # tactic's history so that reverting a tactic can never restore a stale grade, and a
    # recompute never shows up as a change made by whoever saved the tactic next.
    # (platforms_covered is a many-to-many: simple-history ignores it unless asked.)
    history = HistoricalRecords(
        excluded_fields=[name for name in EVIDENCE_FIELDS if name != "platforms_covered"]
    )
    objects = TacticQuerySet.as_manager()

    class Meta:
        ordering = ["question"]
        permissions = [("publish_tactic", "Can publish and unpublish tactics")]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_score__gte=0) & Q(evidence_score__lte=MAX_SCORE),
                name="tactic_score_within_0_35",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="tactic_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__in=Confidence.values), name="tactic_confidence_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="tactic_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(impact__in=Impact.values), name="tactic_impact_valid"
            ),
            models.CheckConstraint(
                condition=Q(effort__in=Effort.values), name="tactic_effort_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-evidence_score"], name="tactic_status_score"),
            models.Index(fields=["status", "-updated_at"], name="tactic_status_updated"),
            models.Index(fields=["status", "confidence"], name="tactic_status_confidence"),
            models.Index(fields=["status", "contested"], name="tactic_status_contested"),
        ]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("tactics:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” names a site-wide page; choose another address."}
            )
        if self.verdict and TYPED_LEAD.match(self.verdict):
            raise ValidationError(
                {
                    "verdict": "Start with the finding itself: the site writes the lead "
                    "(Yes, Probably, We don't know yet …) from the grade, so a typed one "
                    "could contradict it."
                }
            )

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def sources_reviewed(self):
        return self.improves_count + self.no_effect_count + self.worsens_count + self.mixed_count

    @property
    def assessment(self) -> Assessment:
        """The stored breakdown, typed: what every reader of the grade's detail uses."""
        return Assessment.from_dict(self.evidence_breakdown)

    @property
    def verdict_lead(self) -> str:
        """The verdict's first words, generated from the grade: never typed by an editor."""
        return verdict_lead(self.confidence, self.direction)

    @property
    def full_verdict(self) -> str:
        """The generated lead and the editor's clause: what every page and feed prints."""
        return full_verdict(self.confidence, self.direction, self.verdict)


class OrderedPart(models.Model):
    """A piece of a tactic page shown in the editor's order."""

    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]


class KeyFinding(OrderedPart):
    tactic = models.ForeignKey(Tactic, on_delete=models.CASCADE, related_name="key_findings")
    text = models.CharField(max_length=400)
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_findings",
        help_text="The source this finding comes from.",
    )
    history = HistoricalRecords()

    class Meta(OrderedPart.Meta):
        pass

    def __str__(self):
        return self.text


class ImplementationStep(OrderedPart):
    tactic = models.ForeignKey(Tactic, on_delete=models.CASCADE, related_name="steps")
    text = models.TextField(help_text="One step. Markdown links allowed.")
    history = HistoricalRecords()

    class Meta(OrderedPart.Meta):
        pass

    def __str__(self):
        return self.text[:80]


class TacticFAQ(OrderedPart):
    tactic = models.ForeignKey(Tactic, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=250)
    answer = models.TextField(help_text="Markdown.")
    history = HistoricalRecords()

    class Meta(OrderedPart.Meta):
        verbose_name = "FAQ"
        verbose_name_plural = "FAQs"

    def __str__(self):
        return self.question
