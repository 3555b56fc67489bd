import datetime
from collections import Counter

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.models import HistoricalRecords

from sources.choices import (
    Directness,
    EffectKind,
    EffectMeasure,
    Method,
    OrganisationKind,
    Position,
    SourceType,
    WithdrawalReason,
)
from sources.duplicates import NOT_A_DOI, is_doi, normalise_doi
from sources.history import SourceHistoricalRecords
from sources.urls_normal import UnreadableURL, normalise_url

EARLIEST_PUBLICATION = datetime.date(1990, 1, 1)
# The largest sample any study of the web can claim: a trillion units (pages, results,
# queries). Anything larger is a typing slip, and would be counted at full weight.
MAX_SAMPLE_SIZE = 10**12
TOO_EARLY = (
    "The publication date is before 1990, earlier than any web search study this database "
    "covers: check the year."
)
SAMPLE_RANGE = f"The sample size must be between 1 and {MAX_SAMPLE_SIZE:,}, or left empty."
SAMPLE_ZERO = "A sample of 0 is not a sample: leave the field empty if the source gives none."
SAMPLE_TOO_LARGE = (
    f"No study has more than {MAX_SAMPLE_SIZE:,} units: check the number for a typing slip."
)


class SampleSizeField(models.PositiveBigIntegerField):
    """A count of units studied, from 1 to MAX_SAMPLE_SIZE, refused in words outside it.

    Django's form field for a big integer checks the database's integer range first, so a
    number beyond it was refused with the raw limit (9223372036854775807) before the model's
    validators could speak; the form field here checks the plausible range, in words."""

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "min_value": 1,
                "max_value": MAX_SAMPLE_SIZE,
                "error_messages": {"min_value": SAMPLE_ZERO, "max_value": SAMPLE_TOO_LARGE},
                **kwargs,
            }
        )

    def deconstruct(self):
        # The column is an ordinary positive big integer; only the form differs. Migrations
        # record the plain field, so they never depend on this class.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveBigIntegerField", args, kwargs


class ReadableURLFormField(forms.URLField):
    """Django's URL field, which says why when normalisation cannot read the address.

    Django's own check accepts ports up to 99999 and refuses longer ones, and anything
    urlsplit() rejects, as "Enter a valid URL."; the reason here comes first, in words."""

    def to_python(self, value):
        try:
            cleaned = super().to_python(value)
        except ValidationError:
            _refuse_unreadable(value)
            raise
        _refuse_unreadable(cleaned)
        return cleaned


def _refuse_unreadable(url):
    if not url or not url.strip():
        return
    try:
        normalise_url(url)
    except UnreadableURL as error:
        raise ValidationError(str(error), code="unreadable_url") from error


class SourceURLField(models.URLField):
    """A URL column whose form field refuses, in words, what normalisation cannot read."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ReadableURLFormField, **kwargs})

    def deconstruct(self):
        # Only the form differs: migrations record the plain URL field.
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs


class SourceQuerySet(models.QuerySet):
    def with_published_tactics(self):
        """The library: sources behind at least one current stance on a published tactic,
        what visitors may see. A withdrawn source, or one whose stances on published
        tactics are all withdrawn, backs none.

        An `IN` over the stances rather than a join or a correlated `EXISTS`: PostgreSQL
        counts the library from one pass over the stance_current_by_source index (about
        half the time of the semi-join it planned for `EXISTS`), needs no DISTINCT, and
        still walks source_library_order to cut the library's first page unsorted."""
        # The sources' own withdrawal is filtered here, so the stances need no join back.
        stances = Stance.objects.filter(withdrawn_at__isnull=True, tactic__status="published")
        return self.filter(withdrawn_at__isnull=True, pk__in=stances.values("source_id"))


class StanceQuerySet(models.QuerySet):
    def current(self):
        """Stances that count: neither they nor their source are withdrawn."""
        return self.filter(withdrawn_at__isnull=True, source__withdrawn_at__isnull=True)

    def withdrawn(self):
        """Stances that no longer count, withdrawn themselves or with their source."""
        return self.filter(Q(withdrawn_at__isnull=False) | Q(source__withdrawn_at__isnull=False))

    def public(self):
        """What visitors may read: current stances on published tactics. A stance on a
        draft never leaves the building."""
        return self.current().filter(tactic__status="published")

    def outcome_counts(self, source_ids) -> dict:
        """{source id: Counter of positions} of these stances, for the given sources, in
        one grouped query (what the library's cards and the API print)."""
        rows = (
            self.filter(source__in=source_ids)
            .order_by()
            .values_list("source", "position")
            .annotate(n=models.Count("pk"))
        )
        counts = {pk: Counter() for pk in source_ids}
        for source_id, position, n in rows:
            counts[source_id][position] = n
        return counts


def _staff_member():
    """Who did something to a record, kept as a blank if their account is later removed."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class Withdrawable(models.Model):
    """Evidence is withdrawn, not deleted: it stops counting at once, stays in history, and
    the withdrawal is listed in the public corrections log."""

    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawal_reason = models.CharField(
        max_length=20, choices=WithdrawalReason.choices, blank=True, editable=False
    )
    withdrawal_note = models.TextField(blank=True, editable=False)
    withdrawn_by = _staff_member()

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Organisation(models.Model):
    """Who did the research: what replication counts (two arXiv preprints from unrelated
    labs are two organisations; one vendor under two spellings is one), and whose
    commercial interest rates the evidence down."""

    name = models.CharField(max_length=150, help_text="e.g. Princeton University, Ahrefs.")
    kind = models.CharField(
        max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )
    sells_related_product = models.BooleanField(
        "sells a product that benefits",
        default=False,
        help_text="It sells a product or service whose sales rise if the tactics it studies "
        "are believed to work (an AI-visibility or SEO tool, an agency's service).",
    )
    website = models.URLField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="organisation_name_unique",
                violation_error_message="An organisation with this name already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_name_not_empty",
                violation_error_message="Give the organisation a name.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
                violation_error_message="Choose a kind of organisation from the list.",
            ),
        ]

    def __str__(self):
        return self.name


class Source(Withdrawable):
    title = models.CharField(max_length=300)
    url = SourceURLField(max_length=600, verbose_name="URL")
    url_normalised = models.CharField(max_length=600, unique=True, editable=False)
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        help_text="e.g. 10.1145/3637528.3671900. Stored without the https://doi.org/ prefix.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="sources",
        help_text="Who did the research. Replication counts distinct organisations.",
    )
    venue = models.CharField(
        max_length=150,
        blank=True,
        help_text="Where it appeared, if not the organisation's own site: a journal, a "
        "conference, arXiv, a newsletter.",
    )
    authors = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_PUBLICATION, TOO_EARLY)],
        help_text="Publication date. Older evidence counts for less; leave empty only if unknown.",
    )
    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    sample_size = SampleSizeField(
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, SAMPLE_ZERO),
            MaxValueValidator(MAX_SAMPLE_SIZE, SAMPLE_TOO_LARGE),
        ],
        help_text="How many units were studied, as a number. Leave empty if the source does not "
        "say; that counts as a small sample.",
    )
    sample_unit = models.CharField(
        max_length=60, blank=True, help_text="What was counted: brands, queries, pages, results …"
    )
    platforms = models.ManyToManyField(
        "tactics.Platform",
        blank=True,
        related_name="sources",
        help_text="Live AI search surfaces tested (the products people use). A simulated "
        "engine goes under “Lab engine”, not here.",
    )
    live_tested_on = models.DateField(
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_PUBLICATION, TOO_EARLY)],
        help_text="When the live surfaces were tested, if the source says.",
    )
    lab_engine = models.CharField(
        max_length=200,
        blank=True,
        help_text="A simulated engine, with its model and version, e.g. “GPT-3.5-turbo "
        "(0613) answering over the top five Google results”. Lab evidence counts as "
        "indirect for live platforms and covers none of them.",
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
        # Withdrawing is its own permission, not "change": editors, who may not edit a
        # source, may still take one out of the count (it is less than the deletion they
        # may do), and a team can grant it without granting edits.
        permissions = [("withdraw_source", "Can withdraw and reinstate sources")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source_type__in=SourceType.values),
                name="source_type_valid",
                violation_error_message="Choose a source type from the list.",
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values),
                name="source_method_valid",
                violation_error_message="Choose a method from the list.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=EARLIEST_PUBLICATION),
                name="source_published_after_1990",
                violation_error_message=TOO_EARLY,
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="source_title_not_empty",
                violation_error_message="Give the source a title.",
            ),
            models.CheckConstraint(
                condition=Q(sample_size__isnull=True)
                | (Q(sample_size__gte=1) & Q(sample_size__lte=MAX_SAMPLE_SIZE)),
                name="source_sample_size_plausible",
                violation_error_message=SAMPLE_RANGE,
            ),
            models.UniqueConstraint(
                fields=["doi"],
                condition=~Q(doi=""),
                name="source_doi_unique",
                violation_error_message="Another source already has this DOI.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="source_withdrawal_has_reason",
                violation_error_message="Give the reason for the withdrawal.",
            ),
        ]
        indexes = [
            models.Index(fields=["source_type"], name="source_type_idx"),
            models.Index(fields=["method"], name="source_method_idx"),
            models.Index(fields=["-published_on"], name="source_published_idx"),
            # The library walks this one for its first page (PostgreSQL only: SQLite
            # cannot index NULLS LAST, and migration 0007 skips it there).
            models.Index(
                models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                models.F("title"),
                models.F("id"),
                name="source_library_order",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.doi = normalise_doi(self.doi)
        try:
            self.url_normalised = normalise_url(self.url)
        except UnreadableURL as error:
            # Saved outside a form (shell, import): refuse in the same words, not a crash.
            raise ValidationError(
                {"url": ValidationError(str(error), code="unreadable_url")}
            ) from error
        if kwargs.get("update_fields") is not None and "url" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "url_normalised"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("sources:detail", kwargs={"pk": self.pk})

    @property
    def vendor_interest(self) -> bool:
        """Its organisation sells a product that benefits from findings like this one."""
        return self.organisation.sells_related_product

    @property
    def is_lab_only(self) -> bool:
        """Tested a simulated engine and no live surface: indirect for every live platform."""
        return bool(self.lab_engine) and not self.platforms.exists()

    @property
    def sample_label(self):
        if not self.sample_size:
            return ""
        return f"{self.sample_size:,} {self.sample_unit}".strip()

    def clean(self):
        super().clean()
        errors = {}
        if self.url:
            try:
                self.url_normalised = normalise_url(self.url)
            except UnreadableURL as error:
                errors["url"] = ValidationError(str(error), code="unreadable_url")
            else:
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
        self.doi = normalise_doi(self.doi)
        if self.doi and not is_doi(self.doi):
            errors["doi"] = ValidationError(NOT_A_DOI, code="not_a_doi")
        if self.published_on and self.published_on > timezone.localdate():
            errors["published_on"] = ValidationError(
                "The publication date is in the future.", code="future_date"
            )
        if errors:
            raise ValidationError(errors)


# What a second researcher vouches for when checking a stance.
CHECKED_FIELDS = ("source", "tactic", "position", "directness", "finding")


class Stance(Withdrawable):
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
    # The reported effect, when the source gives one: its size is shown beside the grade's
    # certainty, never mixed into it.
    effect_measure = models.CharField(
        "outcome measured", max_length=20, choices=EffectMeasure.choices, blank=True
    )
    effect_kind = models.CharField(
        "kind of effect", max_length=20, choices=EffectKind.choices, blank=True
    )
    effect_value = models.DecimalField(
        "effect",
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="As reported: 33 for +33%, -2.5 for −2.5 points, 0.218 for r = 0.218.",
    )
    effect_low = models.DecimalField(
        "interval from", max_digits=12, decimal_places=4, null=True, blank=True
    )
    effect_high = models.DecimalField(
        "interval to", max_digits=12, decimal_places=4, null=True, blank=True
    )
    effect_p = models.DecimalField(
        "p-value",
        max_digits=7,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    effect_quote = models.TextField(
        "reported as",
        blank=True,
        help_text="The sentence or table cell the effect comes from, quoted.",
    )
    # A second pair of eyes: who entered the stance, and another researcher who checked it.
    entered_by = _staff_member()
    checked_by = _staff_member()
    checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = StanceQuerySet.as_manager()

    class Meta:
        ordering = ["tactic", "source"]
        permissions = [("withdraw_stance", "Can withdraw and reinstate stances")]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "tactic"],
                name="one_stance_per_source_and_tactic",
                violation_error_message="This source already has a stance on this tactic.",
            ),
            models.CheckConstraint(
                condition=Q(position__in=Position.values),
                name="stance_position_valid",
                violation_error_message="Choose what the source found from the list.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="stance_withdrawal_has_reason",
                violation_error_message="Give the reason for the withdrawal.",
            ),
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True)
                | Q(entered_by__isnull=True)
                | ~Q(checked_by=models.F("entered_by")),
                name="stance_checked_by_someone_else",
                violation_error_message="A stance must be checked by someone other than the "
                "researcher who entered it.",
            ),
            models.CheckConstraint(
                condition=Q(directness__in=Directness.values),
                name="stance_directness_valid",
                violation_error_message="Choose how directly the source tests the tactic.",
            ),
            models.CheckConstraint(
                condition=Q(effect_kind__in=["", *EffectKind.values])
                & Q(effect_measure__in=["", *EffectMeasure.values]),
                name="stance_effect_choices_valid",
                violation_error_message="Choose the effect's outcome and kind from the lists.",
            ),
            models.CheckConstraint(
                condition=Q(effect_value__isnull=True)
                | (~Q(effect_kind="") & ~Q(effect_measure="")),
                name="stance_effect_described",
                violation_error_message="Say what the effect measured and what kind it is.",
            ),
            models.CheckConstraint(
                condition=Q(effect_p__isnull=True) | (Q(effect_p__gte=0) & Q(effect_p__lte=1)),
                name="stance_effect_p_within_0_1",
                violation_error_message="A p-value lies between 0 and 1.",
            ),
        ]
        indexes = [
            models.Index(fields=["tactic", "position"], name="stance_tactic_position"),
            # The library counts its sources from the current stances alone.
            models.Index(
                fields=["source", "tactic", "position"],
                condition=Q(withdrawn_at__isnull=True),
                name="stance_current_by_source",
            ),
        ]

    def __str__(self):
        return f"{self.source}: {self.get_position_display().lower()} ({self.tactic})"

    def save(self, *args, **kwargs):
        self._clear_stale_check(kwargs)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = effect_errors(
            self.effect_measure,
            self.effect_kind,
            self.effect_value,
            self.effect_low,
            self.effect_high,
        )
        if errors:
            raise ValidationError(errors)

    @property
    def has_effect(self) -> bool:
        return self.effect_value is not None

    @property
    def is_checked(self) -> bool:
        return self.checked_at is not None

    def _clear_stale_check(self, kwargs):
        """A check vouches for what the source says about the tactic and how much it
        weighs: once any of CHECKED_FIELDS changes, the check no longer covers what is
        stored, so it goes (a typo fixed in the optional detail keeps it)."""
        if self.checked_by_id is None or self._state.adding or self.pk is None:
            return
        names = [self._meta.get_field(name).attname for name in CHECKED_FIELDS]
        stored = Stance._base_manager.filter(pk=self.pk).values(*names).first()
        if stored is None or all(stored[name] == getattr(self, name) for name in names):
            return
        self.checked_by = None
        self.checked_at = None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "checked_by", "checked_at"}


def effect_errors(measure, kind, value, low, high) -> dict:
    """Field errors, in words, for a reported effect: all or nothing of measure, kind and
    value; an interval around the value; a correlation within ±1; an odds ratio above 0."""
    errors = {}
    given = any(v not in ("", None) for v in (measure, kind, value, low, high))
    if not given:
        return errors
    for name, v, words in (
        ("effect_measure", measure, "Say what outcome the effect was measured on."),
        ("effect_kind", kind, "Say what kind of effect this is."),
        ("effect_value", value, "Give the effect as reported, or clear the other effect fields."),
    ):
        if v in ("", None):
            errors[name] = words
    if value is not None:
        if kind == EffectKind.CORRELATION and not -1 <= value <= 1:
            errors["effect_value"] = "A correlation coefficient lies between −1 and 1."
        if kind == EffectKind.ODDS_RATIO and value <= 0:
            errors["effect_value"] = "An odds ratio is above 0 (1 means no effect)."
    if (low is None) != (high is None):
        errors["effect_high" if high is None else "effect_low"] = (
            "Give both ends of the interval, or neither."
        )
    elif low is not None and value is not None and not low <= value <= high:
        errors["effect_low"] = "The interval must contain the effect: from ≤ effect ≤ to."
    return errors


class Correction(models.Model):
    """One entry of the public corrections log: evidence withdrawn (or reinstated), why, and
    what it did to the grades. Kept in words as well as links, so it survives a later
    deletion. Visitors see an entry only through a published tactic it touched."""

    class Kind(models.TextChoices):
        WITHDRAWN = "withdrawn", "Withdrawn"
        REINSTATED = "reinstated", "Reinstated"

    made_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WITHDRAWN)
    reason = models.CharField(max_length=20, choices=WithdrawalReason.choices)
    note = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    stance = models.ForeignKey(
        Stance, on_delete=models.SET_NULL, null=True, blank=True, related_name="corrections"
    )
    description = models.CharField(
        max_length=400,
        help_text="The source withdrawn, in words a visitor understands; never a tactic's "
        "title, which may be a draft's.",
    )
    # [{"tactic_id", "slug", "question", "old_score", "new_score", "old_confidence",
    #   "new_confidence"}] for every tactic the withdrawal touched, moved or not.
    grade_changes = models.JSONField(default=list, blank=True)
    # The same tactics as links, so the public log can show only entries about published
    # tactics, in SQL, page by page.
    tactics = models.ManyToManyField("tactics.Tactic", blank=True, related_name="corrections")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
        indexes = [models.Index(fields=["-made_at"], name="correction_made_at")]

    def __str__(self):
        return self.description
