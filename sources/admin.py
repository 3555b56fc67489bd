from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from config.history_admin import HistoryAdmin, StackedInline
from scoring.feedback import GradeFeedbackMixin
from sources.admin_fill import MetadataFillMixin
from sources.admin_import import SourceImportMixin, StanceImportMixin
from sources.deletion import restore_source, restore_stance
from sources.models import Organisation, Source, Stance
from sources.withdrawal import (
    WITHDRAWAL_FIELDS,
    ReinstatementForm,
    WithdrawalError,
    WithdrawalForm,
    reinstate,
    withdraw,
)


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


class StanceInline(StackedInline):
    model = Stance
    extra = 0
    fields = [("tactic", "position", "directness"), "finding", "detail", "review"]
    readonly_fields = ["review"]
    autocomplete_fields = ["tactic"]

    @admin.display(description="Second check")
    def review(self, obj):
        return review_words(obj) if obj.pk else "Entered by you when saved"


_may_withdraw: ContextVar[bool] = ContextVar("may_withdraw", default=False)


class WithdrawAdminMixin:
    """A Withdraw page per object (Reinstate once withdrawn), linked from the change form,
    and a "Withdraw selected …" action asking the reason once for all of them."""

    withdraw_template = None  # set per model

    def has_withdraw_permission(self, request, obj=None):
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.withdraw_{opts.model_name}")

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_withdraw"
        view = self.admin_site.admin_view(self.withdraw_view)
        return [path("<path:object_id>/withdraw/", view, name=name), *super().get_urls()]

    def withdraw_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with this id.")
        if not self.has_withdraw_permission(request, obj):
            raise PermissionDenied
        form_class = ReinstatementForm if obj.is_withdrawn else WithdrawalForm
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if obj.is_withdrawn:
                    correction = reinstate(obj, note=form.cleaned_data["note"], user=request.user)
                else:
                    correction = withdraw(obj, user=request.user, **form.cleaned_data)
            except WithdrawalError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _done(correction, obj), messages.SUCCESS)
            opts = self.model._meta
            change = f"admin:{opts.app_label}_{opts.model_name}_change"
            return HttpResponseRedirect(reverse(change, args=[quote(obj.pk)]))
        return self._withdraw_page(request, [obj], form, reinstating=obj.is_withdrawn)

    def _withdraw_page(self, request, objects, form, *, reinstating=False, action=None):
        opts = self.model._meta
        verb = "Reinstate" if reinstating else "Withdraw"
        what = (
            str(objects[0]) if len(objects) == 1 else f"{len(objects)} {opts.verbose_name_plural}"
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"{verb} {what}",
            "opts": opts,
            "objects": objects,
            "form": form,
            "reinstating": reinstating,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.withdraw_template, context)

    @admin.action(
        description="Withdraw selected %(verbose_name_plural)s…", permissions=["withdraw"]
    )
    def withdraw_selected(self, request, queryset):
        current = [obj for obj in queryset if not obj.is_withdrawn]
        if not current:
            self.message_user(request, "All of them are withdrawn already.", messages.WARNING)
            return None
        form = WithdrawalForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self._withdraw_page(request, current, form, action="withdraw_selected")
        done = 0
        for obj in current:
            try:
                withdraw(obj, user=request.user, **form.cleaned_data)
                done += 1
            except WithdrawalError as error:  # withdrawn by someone else meanwhile
                self.message_user(request, str(error), messages.WARNING)
        opts = self.model._meta
        noun = opts.verbose_name if done == 1 else opts.verbose_name_plural
        self.message_user(
            request,
            f"Withdrew {done} {noun}; they no longer count, and the corrections log lists them.",
            messages.SUCCESS,
        )
        return None

    @admin.display(description="Withdrawal")
    def withdrawal(self, obj):
        if obj is None or obj.pk is None:
            return "Counts once saved."
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_withdraw", args=[quote(obj.pk)])
        may = _may_withdraw.get()
        if obj.is_withdrawn:
            when = timezone.localtime(obj.withdrawn_at)
            text = format_html(
                "Withdrawn on {} by {}: {}. {}",
                f"{when:%Y-%m-%d}",
                obj.withdrawn_by or "a former user",
                obj.get_withdrawal_reason_display(),
                obj.withdrawal_note,
            )
            link = "Reinstate…"
        else:
            text, link = "Counts in the grades.", "Withdraw…"
        if not may:
            return text
        return format_html('{} <a class="button" href="{}">{}</a>', text, url, link)

    def get_readonly_fields(self, request, obj=None):
        # The read-only display, which gets only the object, needs to know who is asking;
        # every page showing it asks for the read-only fields first, in the same context.
        _may_withdraw.set(self.has_withdraw_permission(request, obj))
        return super().get_readonly_fields(request, obj)

    @admin.display(description="Counted")
    def withdrawn_column(self, obj):
        if obj.is_withdrawn:
            return f"Withdrawn: {obj.get_withdrawal_reason_display()}"
        if isinstance(obj, Stance) and obj.source.is_withdrawn:
            return "Withdrawn with its source"
        return "Current"

    def _onto_stored_row(self, restored, version):
        # Reverting to a version from before a withdrawal must not quietly bring the
        # evidence back (or take it out) without an entry in the corrections log: a
        # withdrawal changes only through Withdraw and Reinstate.
        stored, exists = super()._onto_stored_row(restored, version)
        if exists:
            names = [self.model._meta.get_field(name).attname for name in WITHDRAWAL_FIELDS]
            current = self.model._base_manager.filter(pk=stored.pk).values(*names).get()
            for name, value in current.items():
                setattr(stored, name, value)
        return stored, exists


def _done(correction, obj) -> str:
    moved = [
        f"{change['question']}: {change['old_score']} → {change['new_score']}"
        for change in correction.grade_changes
        if change["old_score"] != change["new_score"]
        or change["old_confidence"] != change["new_confidence"]
    ]
    verb = "Withdrew" if correction.kind == correction.Kind.WITHDRAWN else "Reinstated"
    grades = "; ".join(moved) if moved else "no grade moved"
    return f"{verb} “{obj}” ({grades}). The corrections log lists it."


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "sells_related_product"]
    list_filter = ["kind", "sells_related_product"]
    search_fields = ["name"]


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
        "organisation__sells_related_product",
        "organisation__kind",
    ]
    search_fields = ["title", "organisation__name", "venue", "url", "doi", "authors"]
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
    list_display = [
        "source",
        "tactic",
        "position",
        "directness",
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
