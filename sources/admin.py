from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from config.history_admin import HistoryAdmin, StackedInline
from scoring.feedback import GradeFeedbackMixin
from sources.admin_fill import MetadataFillMixin
from sources.admin_import import SourceImportMixin, StanceImportMixin
from sources.admin_organisations import OrganisationAdmin  # noqa: F401 (registers it)
from sources.admin_withdraw import WithdrawAdminMixin
from sources.deletion import restore_source, restore_stance
from sources.effects import effect_words
from sources.models import Source, Stance


class YearFilter(admin.SimpleListFilter):
    title = "year published"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            Source.objects.exclude(published_on=None)
            .annotate(year=ExtractYear("published_on"))
            .values_list("year", flat=True)
            .distinct()
            .order_by("-year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(published_on__year=int(self.value()))
        return queryset


class WithdrawnFilter(admin.SimpleListFilter):
    title = "counted"
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return [("current", "Current"), ("withdrawn", "Withdrawn")]

    def queryset(self, request, queryset):
        if queryset.model is Stance:  # a stance also stops counting with its source
            withdrawn = Q(withdrawn_at__isnull=False) | Q(source__withdrawn_at__isnull=False)
        else:
            withdrawn = Q(withdrawn_at__isnull=False)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn)
        if self.value() == "current":
            return queryset.exclude(withdrawn)
        return queryset


class CommercialInterestFilter(admin.SimpleListFilter):
    title = "commercial interest"
    parameter_name = "interest"

    def lookups(self, request, model_admin):
        return [
            ("sells", "Its organisation sells a related product"),
            ("none", "No such interest"),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("sells", "none"):
            return queryset.filter(organisation__sells_related_product=self.value() == "sells")
        return queryset


class CheckedFilter(admin.SimpleListFilter):
    title = "second check"
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("no", "Unchecked"), ("yes", "Checked")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(checked_at__isnull=self.value() == "no")
        return queryset


def review_words(stance) -> str:
    entered = (
        f"entered by {stance.entered_by}" if stance.entered_by_id else "entered before records"
    )
    if stance.checked_at:
        checked = timezone.localtime(stance.checked_at)
        return (
            f"Checked by {stance.checked_by or 'a former user'} on {checked:%Y-%m-%d} ({entered})"
        )
    return f"Unchecked ({entered})"


class StanceForm(forms.ModelForm):
    """The stance's words for curators: what the source found, and the effect it reports.
    Stance.clean says what is wrong with an effect (sources.models.effect_errors), on the
    field concerned, so every effect field must be on the form."""

    class Meta:
        model = Stance
        fields = [
            "source",
            "tactic",
            "position",
            "directness",
            "finding",
            "detail",
            "effect_measure",
            "effect_kind",
            "effect_value",
            "effect_low",
            "effect_high",
            "effect_p",
            "effect_quote",
        ]
        labels = {"position": "Outcome"}
        help_texts = {
            "position": "What the source found the tactic does. “No detectable effect” is a "
            "null, not a harm: choose “Worsens visibility” only when it measured a drop.",
            "effect_low": "The interval's lower end, as reported (95% unless the quotation "
            "says otherwise).",
            "effect_high": "The interval's upper end.",
        }


EFFECT_FIELDS = [
    ("effect_measure", "effect_kind"),
    ("effect_value", "effect_low", "effect_high", "effect_p"),
    "effect_quote",
]
EFFECT_HELP = (
    "Only when the source reports a size: the outcome, the kind and the value, and its "
    "interval or p-value where given, with the sentence it comes from."
)


class StanceInline(StackedInline):
    model = Stance
    form = StanceForm
    extra = 0
    fieldsets = [
        (
            None,
            {"fields": [("tactic", "position", "directness"), "finding", "detail", "review"]},
        ),
        ("Reported effect", {"fields": EFFECT_FIELDS, "description": EFFECT_HELP}),
    ]
    readonly_fields = ["review"]
    autocomplete_fields = ["tactic"]

    @admin.display(description="Second check")
    def review(self, obj):
        return review_words(obj) if obj.pk else "Entered by you when saved"


@admin.register(Source)
class SourceAdmin(
    GradeFeedbackMixin, SourceImportMixin, MetadataFillMixin, WithdrawAdminMixin, HistoryAdmin
):
    list_display = [
        "title",
        "organisation",
        "source_type",
        "method",
        "published_on",
        "stance_count",
        "withdrawn_column",
    ]
    list_filter = [
        WithdrawnFilter,
        "source_type",
        "method",
        "platforms",
        YearFilter,
        "organisation__kind",
        CommercialInterestFilter,
    ]
    search_fields = ["title", "organisation__name", "venue", "url", "doi", "authors"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["platforms"]
    inlines = [StanceInline]
    readonly_fields = ["created_at", "updated_at", "withdrawal"]
    actions = ["withdraw_selected"]
    withdraw_template = "admin/sources/source/withdraw.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "url",
                    "doi",
                    ("organisation", "venue"),
                    "authors",
                    "published_on",
                ]
            },
        ),
        (
            "How the evidence was collected",
            {
                "fields": [
                    ("source_type", "method"),
                    ("sample_size", "sample_unit"),
                    ("platforms", "live_tested_on"),
                    "lab_engine",
                    "second_hand",
                ]
            },
        ),
        (None, {"fields": ["summary", ("created_at", "updated_at"), "withdrawal"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_stances=Count("stances"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "platforms" and field is not None:
            field.label = "Live platforms tested"
        return field

    @admin.display(description="Stances", ordering="n_stances")
    def stance_count(self, obj):
        return obj.n_stances

    def restore_related(self, request, obj, version, result):
        restore_source(obj, version, request.user, result)

    def save_formset(self, request, form, formset, change):
        if formset.model is Stance:
            for inline_form in formset.forms:
                if inline_form.instance.pk is None:
                    inline_form.instance.entered_by = request.user
        super().save_formset(request, form, formset, change)


@admin.register(Stance)
class StanceAdmin(GradeFeedbackMixin, StanceImportMixin, WithdrawAdminMixin, HistoryAdmin):
    form = StanceForm
    list_display = [
        "source",
        "tactic",
        "outcome",
        "directness",
        "effect",
        "finding",
        "check_column",
        "withdrawn_column",
    ]
    list_filter = [CheckedFilter, WithdrawnFilter, "position", "directness", "tactic__category"]
    list_select_related = ["source", "tactic", "entered_by", "checked_by"]
    search_fields = ["finding", "source__title", "tactic__question"]
    autocomplete_fields = ["source", "tactic"]
    readonly_fields = ["review", "withdrawal"]
    actions = ["mark_checked", "withdraw_selected"]
    withdraw_template = "admin/sources/stance/withdraw.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("source", "tactic"),
                    ("position", "directness"),
                    "finding",
                    "detail",
                    "review",
                    "withdrawal",
                ]
            },
        ),
        ("Reported effect", {"fields": EFFECT_FIELDS, "description": EFFECT_HELP}),
    ]

    @admin.display(description="Outcome", ordering="position")
    def outcome(self, obj):
        return obj.get_position_display()

    @admin.display(description="Reported effect")
    def effect(self, obj):
        return effect_words(obj) or "—"

    def restore_related(self, request, obj, version, result):
        restore_stance(obj, version, request.user, result)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Second check")
    def review(self, obj):
        return review_words(obj) if obj and obj.pk else "Entered by you when saved"

    @admin.display(description="Checked", ordering="checked_at")
    def check_column(self, obj):
        return f"Checked by {obj.checked_by}" if obj.checked_at else "Unchecked"

    @admin.action(description="Mark selected stances checked", permissions=["change"])
    def mark_checked(self, request, queryset):
        """A second researcher vouches for stances someone else entered."""
        checked, own = 0, []
        now = timezone.now()
        for stance in queryset.filter(checked_at__isnull=True).select_related("source", "tactic"):
            if _entered_by(stance) == request.user.pk:
                own.append(stance)
                continue
            stance.checked_by, stance.checked_at = request.user, now
            stance._history_user = request.user
            stance._change_reason = "Checked by a second researcher"
            stance.save(update_fields=["checked_by", "checked_at"])
            checked += 1
        if checked:
            noun = "stance" if checked == 1 else "stances"
            self.message_user(request, f"Marked {checked} {noun} checked.", messages.SUCCESS)
        if own:
            self.message_user(
                request,
                f"Not checked: you entered {len(own)} of them yourself "
                f"({'; '.join(str(stance) for stance in own[:3])}{' …' if len(own) > 3 else ''}). "
                "A second pair of eyes means another researcher's.",
                messages.ERROR,
            )
        if not checked and not own:
            self.message_user(request, "They were all checked already.", messages.INFO)


def _entered_by(stance):
    """Who entered the stance: recorded since stances record it, and for older ones the
    user history holds for its creation (None when nobody is known)."""
    if stance.entered_by_id:
        return stance.entered_by_id
    return (
        stance.history.filter(history_type="+")
        .order_by("history_date")
        .values_list("history_user_id", flat=True)
        .first()
    )
