import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.models import HistoricalRecords

from sources.choices import Directness, Method, Position, SourceType
from sources.history import SourceHistoricalRecords
from sources.urls_normal import normalise_url

EARLIEST_PUBLICATION = datetime.date(1990, 1, 1)


class SourceQuerySet(models.QuerySet):
    def with_published_tactics(self):
        """Sources that back at least one published tactic: what visitors may see."""
        return self.filter(stances__tactic__status="published").distinct()


class Source(models.Model):
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=600, verbose_name="URL")
    url_normalised = models.CharField(max_length=600, unique=True, editable=False)
    publisher = models.CharField(max_length=150, help_text="Organisation or outlet, e.g. Ahrefs.")
    authors = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="Publication date. Older evidence counts for less; leave empty only if unknown.",
    )
    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    sample_size = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="How many units were studied, as a number."
    )
    sample_unit = models.CharField(
        max_length=60, blank=True, help_text="What was counted: brands, queries, pages, results …"
    )
    platforms = models.ManyToManyField(
        "tactics.Platform",
        blank=True,
        related_name="sources",
        help_text="AI search surfaces studied.",
    )
    vendor_interest = models.BooleanField(
        default=False,
        help_text="The publisher sells a product or service that benefits from the finding.",
    )
    second_hand = models.BooleanField(
        default=False,
        help_text="Figures were taken from a third party's report of this source, not the source itself.",
    )
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = SourceHistoricalRecords(m2m_fields=[platforms])
    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_type__in=SourceType.values), name="source_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="source_method_valid"
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=EARLIEST_PUBLICATION),
                name="source_published_after_1990",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="source_title_not_empty"),
        ]
        indexes = [
            models.Index(fields=["source_type"], name="source_type_idx"),
            models.Index(fields=["method"], name="source_method_idx"),
            models.Index(fields=["-published_on"], name="source_published_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.url_normalised = normalise_url(self.url)
        if kwargs.get("update_fields") is not None and "url" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "url_normalised"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sources:detail", kwargs={"pk": self.pk})

    @property
    def sample_label(self):
        if not self.sample_size:
            return ""
        return f"{self.sample_size:,} {self.sample_unit}".strip()

    def clean(self):
        super().clean()
        errors = {}
        if self.url:
            self.url_normalised = normalise_url(self.url)
            existing = (
                Source.objects.filter(url_normalised=self.url_normalised)
                .exclude(pk=self.pk)
                .first()
            )
            if existing:
                errors["url"] = ValidationError(
                    format_html(
                        'This URL is already recorded as <a href="{}">{}</a>. '
                        "Add your stance to that source instead.",
                        reverse("admin:sources_source_change", args=[existing.pk]),
                        existing.title,
                    ),
                    code="duplicate_url",
                )
        if self.published_on and self.published_on > timezone.localdate():
            errors["published_on"] = ValidationError(
                "The publication date is in the future.", code="future_date"
            )
        if errors:
            raise ValidationError(errors)


class Stance(models.Model):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="stances")
    tactic = models.ForeignKey("tactics.Tactic", on_delete=models.CASCADE, related_name="stances")
    position = models.CharField(max_length=12, choices=Position.choices)
    directness = models.CharField(
        max_length=10,
        choices=Directness.choices,
        default=Directness.DIRECT,
        help_text="Does the source test this tactic itself, or only something it depends on?",
    )
    finding = models.CharField(
        max_length=400, help_text="One line: what the source found about this tactic."
    )
    detail = models.TextField(blank=True, help_text="Optional longer detail or a short quotation.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["tactic", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "tactic"],
                name="one_stance_per_source_and_tactic",
                violation_error_message="This source already has a stance on this tactic.",
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values), name="stance_position_valid"
            ),
            models.CheckConstraint(
                condition=Q(directness__in=Directness.values), name="stance_directness_valid"
            ),
        ]
        indexes = [models.Index(fields=["tactic", "position"], name="stance_tactic_position")]

    def __str__(self):
        return f"{self.source} {self.get_position_display().lower()} {self.tactic}"
