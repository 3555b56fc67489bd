from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import actions as admin_actions
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from config.history_admin import HistoryAdmin, StackedInline, TabularInline
from scoring.feedback import GradeFeedbackMixin
from sources.deletion import restore_tactic, stances_deleted_with
from sources.models import Stance
from tactics.choices import Status
from tactics.grammar import count_noun, join_words, plural
from tactics.models import Category, ImplementationStep, KeyFinding, Platform, Tactic, TacticFAQ
from tactics.review import review_queue

PUBLISH_PERMISSION = "tactics.publish_tactic"
GRADE_CHANGES_SHOWN = 50
IN_USE_NAMED = 3  # rows named in a refusal to delete; the rest are counted


def _named(rows, total) -> str:
    names = [f"“{row}”" for row in rows]
    if total > len(names):
        names.append(f"{total - len(names)} more")
    return join_words(names)


class RefuseDeletingInUse:
    """A row other rows still use is not deleted from the admin, one or many: the message
    names what uses it, where Django would either strip it from them silently (a platform
    from the sources that studied it) or list them on its generic protected-objects page."""

    def in_use(self, obj) -> str | None:
        """Why `obj` may not be deleted, or None."""
        raise NotImplementedError

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        refusal = obj is not None and self.has_delete_permission(request, obj) and self.in_use(obj)
        if not refusal:
            return super().delete_view(request, object_id, extra_context)
        self.message_user(request, f"{refusal} Nothing was deleted.", messages.ERROR)
        opts = self.opts
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        )

    # Named as Django's own, which it replaces on the change list.
    @admin.action(
        permissions=["delete"], description=admin_actions.delete_selected.short_description
    )
    def delete_selected(self, request, queryset):
        refusals = [refusal for obj in queryset if (refusal := self.in_use(obj))]
        if not refusals:
            return admin_actions.delete_selected(self, request, queryset)
        for refusal in refusals[:IN_USE_NAMED]:
            self.message_user(request, refusal, messages.ERROR)
        if len(refusals) > IN_USE_NAMED:
            more = len(refusals) - IN_USE_NAMED
            self.message_user(
                request,
                f"{more} more of the selected {self.opts.verbose_name_plural} "
                f"{plural(more, 'is', 'are')} in use too.",
                messages.ERROR,
            )
        self.message_user(request, "Nothing was deleted.", messages.ERROR)
        return None


@admin.register(Category)
class CategoryAdmin(RefuseDeletingInUse, HistoryAdmin):
    actions = ["delete_selected"]
    list_display = ["name", "slug", "position", "tactic_count"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_tactics=Count("tactics"))

    @admin.display(description="Tactics", ordering="n_tactics")
    def tactic_count(self, obj):
        return obj.n_tactics

    def in_use(self, obj):
        tactics = Tactic.objects.filter(category=obj).order_by("question")
        total = tactics.count()
        if not total:
            return None
        return (
            f"The category “{obj}” cannot be deleted: it holds {count_noun(total, 'tactic')} "
            f"({_named(tactics[:IN_USE_NAMED], total)}). "
            f"Move {plural(total, 'it', 'them')} to another category first."
        )


@admin.register(Platform)
class PlatformAdmin(RefuseDeletingInUse, HistoryAdmin):
    actions = ["delete_selected"]
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def in_use(self, obj):
        sources = obj.sources.order_by("title")
        total = sources.count()
        if not total:
            return None
        return (
            f"The platform “{obj}” cannot be deleted: {count_noun(total, 'source')} "
            f"{plural(total, 'studies', 'study')} it ({_named(sources[:IN_USE_NAMED], total)}). "
            f"A researcher must remove it from {plural(total, 'that source', 'those sources')} first."
        )


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
        return super().get_queryset(request).select_related("source__organisation")

    @admin.display(description="Source")
    def source_link(self, stance):
        return format_html(
            '<a href="{}">{}</a> <small>({}, {})</small>',
            reverse("admin:sources_source_change", args=[stance.source_id]),
            stance.source.title,
            stance.source.organisation.name,
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
class TacticAdmin(GradeFeedbackMixin, HistoryAdmin):
    form = TacticForm
    change_list_template = "admin/tactics/tactic/change_list.html"
    object_history_template = "admin/tactics/tactic/object_history.html"
    revert_needs = (
        "permission to change it, and to publish when that version's status differs from now"
    )
    restore_needs = (
        "permission to add tactics, to publish when it was published, and to add stances "
        "when its evidence comes back with it"
    )
    derived_fields = Tactic.EVIDENCE_FIELDS
    list_display = [
        "question",
        "category",
        "evidence_score",
        "confidence",
        "direction",
        "impact",
        "improves_count",
        "no_effect_count",
        "worsens_count",
        "status",
        "last_reviewed",
        "updated_at",
    ]
    list_filter = [
        "confidence",
        "direction",
        "impact",
        "effort",
        "category",
        "status",
        ContestedFilter,
    ]
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
        "platform_grade_table",
        "what_would_change",
        "generated_lead",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "question",
                    "slug",
                    "action_name",
                    "category",
                    "effort",
                    "status",
                    "last_reviewed",
                ]
            },
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
                    ("evidence_score", "confidence", "direction", "contested", "impact"),
                    ("improves_count", "no_effect_count", "worsens_count", "mixed_count"),
                    "covered_platforms",
                    "evidence_computed_at",
                    "score_breakdown",
                    "platform_grade_table",
                    "what_would_change",
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
        allowed = super().has_revert_permission(request, current, restored) and (
            restored.status == status_now or request.user.has_perm(PUBLISH_PERMISSION)
        )
        # Restoring brings its stances back, and with them its grade: that needs permission
        # to add stances, as deleting them with the tactic needed permission to delete them.
        if allowed and current is None and not request.user.has_perm("sources.add_stance"):
            return not stances_deleted_with(restored.pk)
        return allowed

    def restore_related(self, request, obj, version, result):
        restore_tactic(obj, version, request.user, result)

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

    @admin.display(description="Grade on each platform")
    def platform_grade_table(self, obj):
        from scoring.admin_display import platform_grades_html

        return platform_grades_html(obj)

    @admin.display(description="What would change this grade")
    def what_would_change(self, obj):
        from scoring.admin_display import grade_change_html

        return grade_change_html(obj)

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

    # --- The editors' review queue (tactics/review.py) ---------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review-queue/", view(self.review_queue_view), name="tactics_tactic_review_queue"),
            path(
                "review-queue/<int:pk>/reviewed/",
                view(self.mark_reviewed_view),
                name="tactics_tactic_mark_reviewed",
            ),
            *super().get_urls(),
        ]

    def review_queue_view(self, request):
        # Reviewing means editing the page: those who may only view tactics have no queue.
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Review queue",
            "opts": self.opts,
            "entries": review_queue(),
            "review_after_days": settings.REVIEW_AFTER_DAYS,
        }
        return TemplateResponse(request, "admin/tactics/tactic/review_queue.html", context)

    def mark_reviewed_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:tactics_tactic_review_queue"))
        tactic = get_object_or_404(Tactic, pk=pk)
        if not self.has_change_permission(request, tactic):
            raise PermissionDenied
        self.mark_reviewed(request, Tactic.objects.filter(pk=tactic.pk))
        return HttpResponseRedirect(reverse("admin:tactics_tactic_review_queue"))
