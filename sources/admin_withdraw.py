"""Withdraw and Reinstate in the admin: a page per source or stance, and an action for
several at once (sources.withdrawal does the work and writes the corrections log)."""

from contextvars import ContextVar

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from sources.models import Stance
from sources.withdrawal import (
    WITHDRAWAL_FIELDS,
    ReinstatementForm,
    WithdrawalError,
    WithdrawalForm,
    reinstate,
    withdraw,
)

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
