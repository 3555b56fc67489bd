from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from config.history_admin import HistoryAdmin, StackedInline, TabularInline
from sources.models import Stance
from tactics.choices import Status
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ

PUBLISH_PERMISSION = "tactics.publish_tactic"
GRADE_CHANGES_SHOWN = 50


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    list_display = ["name", "slug", "position", "tactic_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_tactics=Count("tactics"))

    @admin.display(description="Tactics", ordering="n_tactics")
    def tactic_count(self, obj):
        return obj.n_tactics


@admin.register(Platform)
class PlatformAdmin(HistoryAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


class TacticPartAdmin(HistoryAdmin):
    """A part of a tactic page, edited inline on the tactic. Its own pages exist for its
    history (reached from the inline's change link), so they stay off the admin index."""

    list_display = ["__str__", "tactic", "position"]
    list_select_related = ["tactic"]
    autocomplete_fields = ["tactic"]

    def get_model_perms(self, request):
        return {}


@admin.register(KeyFinding)
class KeyFindingAdmin(TacticPartAdmin):
    search_fields = ["text"]
    autocomplete_fields = ["tactic", "source"]


@admin.register(ImplementationStep)
class ImplementationStepAdmin(TacticPartAdmin):
    search_fields = ["text"]


@admin.register(TacticFAQ)
class TacticFAQAdmin(TacticPartAdmin):
    search_fields = ["question", "answer"]


class KeyFindingInline(TabularInline):
    model = KeyFinding
    extra = 0
    show_change_link = True
    fields = ["position", "text", "source"]
    autocomplete_fields = ["source"]


class ImplementationStepInline(TabularInline):
    model = ImplementationStep
    extra = 0
    show_change_link = True
    fields = ["position", "text"]


class TacticFAQInline(StackedInline):
    model = TacticFAQ
    extra = 0
    show_change_link = True
    fields = ["position", "question", "answer"]


class StanceReadOnlyInline(TabularInline):
    """The evidence is edited from each source, where researchers work; editors see it here."""

    model = Stance
    extra = 0
    can_delete = False
    fields = ["source_link", "position", "directness", "finding"]
    readonly_fields = fields
    verbose_name = "stance of a source"
    verbose_name_plural = "Evidence (edit it from the source)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="Source")
    def source_link(self, stance):
        return format_html(
            '<a href="{}">{}</a> <small>({}, {})</small>',
            reverse("admin:sources_source_change", args=[stance.source_id]),
            stance.source.title,
            stance.source.publisher,
            stance.source.published_on or "undated",
        )


class ContestedFilter(admin.SimpleListFilter):
    title = "contested"
    parameter_name = "contested"

    def lookups(self, request, model_admin):
        return [("yes", "Contested"), ("no", "Not contested")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(contested=self.value() == "yes")
        return queryset


class TacticForm(forms.ModelForm):
    class Meta:
        help_texts = {
            "generated_lead": "The site writes it from the grade (confidence and direction) "
            "and rewrites it whenever the grade moves. The verdict below follows it."
        }


@admin.register(Tactic)
class TacticAdmin(HistoryAdmin):
    form = TacticForm
    object_history_template = "admin/tactics/tactic/object_history.html"
    revert_needs = (
        "permission to change it, and to publish when that version's status differs from now"
    )
    derived_fields = Tactic.EVIDENCE_FIELDS
    list_display = [
        "question",
        "category",
        "evidence_score",
        "confidence",
        "direction",
        "supporting_count",
        "contradicting_count",
        "status",
        "last_reviewed",
        "updated_at",
    ]
    list_filter = ["confidence", "direction", "category", "status", ContestedFilter]
    list_select_related = ["category"]
    search_fields = ["question", "action_name", "slug"]
    prepopulated_fields = {"slug": ["question"]}
    autocomplete_fields = ["related_tactics"]
    date_hierarchy = "updated_at"
    actions = ["publish", "unpublish", "mark_reviewed"]
    inlines = [KeyFindingInline, ImplementationStepInline, TacticFAQInline, StanceReadOnlyInline]
    # The evidence fields are shown through covered_platforms and score_breakdown, which
    # render the many-to-many and the JSON for people.
    readonly_fields = [
        *(
            name
            for name in Tactic.EVIDENCE_FIELDS
            if name not in ("platforms_covered", "evidence_breakdown")
        ),
        "covered_platforms",
        "score_breakdown",
        "generated_lead",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["question", "slug", "action_name", "category", "status", "last_reviewed"]},
        ),
        (
            "Page text",
            {
                "fields": [
                    "lede",
                    "generated_lead",
                    "verdict",
                    "body",
                    "limitations",
                    "implementation_heading",
                ]
            },
        ),
        ("Related tactics", {"fields": ["related_tactics"]}),
        (
            "Evidence (computed from the sources; read-only)",
            {
                "fields": [
                    ("evidence_score", "confidence", "direction", "contested"),
                    ("supporting_count", "contradicting_count", "mixed_count"),
                    "covered_platforms",
                    "evidence_computed_at",
                    "score_breakdown",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(PUBLISH_PERMISSION):
            fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        if not change and not request.user.has_perm(PUBLISH_PERMISSION):
            # A new tactic from someone who may not publish always starts as a draft.
            obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)

    def has_revert_permission(self, request, current, restored):
        # A revert may carry an old status: only those who may publish may move it.
        status_now = current.status if current is not None else Status.DRAFT
        return super().has_revert_permission(request, current, restored) and (
            restored.status == status_now or request.user.has_perm(PUBLISH_PERMISSION)
        )

    def history_view(self, request, object_id, extra_context=None):
        from scoring.admin_display import grade_changes

        context = {
            "grade_changes": grade_changes(unquote(object_id), GRADE_CHANGES_SHOWN),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, context)

    @admin.display(description="Generated lead")
    def generated_lead(self, obj):
        return obj.verdict_lead

    @admin.display(description="Platforms covered")
    def covered_platforms(self, obj):
        return ", ".join(p.name for p in obj.platforms_covered.all()) or "None yet"

    @admin.display(description="Why this score")
    def score_breakdown(self, obj):
        from scoring.admin_display import breakdown_html

        return breakdown_html(obj)

    @admin.action(description="Publish selected tactics", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, Status.PUBLISHED)

    @admin.action(description="Unpublish selected tactics (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Status.DRAFT)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def _set_status(self, request, queryset, status):
        # Save one by one (not queryset.update) so history and recompute signals fire.
        changed = 0
        for tactic in queryset.exclude(status=status):
            tactic.status = status
            tactic.save(update_fields=["status", "updated_at"])
            changed += 1
        self.message_user(request, f"{changed} tactic(s) set to {Status(status).label.lower()}.")

    @admin.action(description="Mark selected tactics as reviewed today", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        today = timezone.localdate()
        for tactic in queryset:
            tactic.last_reviewed = today
            # Not a content change, so the public "Updated" date stays as it was.
            tactic.save(update_fields=["last_reviewed"])
        self.message_user(
            request, f"{queryset.count()} tactic(s) marked reviewed on {today}.", messages.SUCCESS
        )
