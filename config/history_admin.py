"""The admin base every model of ours uses: history that respects roles and tells the truth.

- Reverting needs change permission on the object. django-simple-history's history form
  view saves on POST for anyone who may *view* the object (upstream issue #1362, open at
  3.13), and builds its form without the view-only exclusions Django's change view makes,
  so a view-only user could rewrite any field. Here a POST from someone who may not revert
  answers 403 before the upstream view runs, and that person sees the old version with
  every field disabled and no Revert button.
- A revert is saved as a change of the stored row, and restores the many-to-many links
  the history recorded (`m2m_fields`), not only the columns: the form opens with the old
  links selected, so saving it sends the usual m2m_changed signals.
- A deleted object is restored from "Recover deleted …" (a list of what was deleted, each
  opening its last version in the history form) by anyone who may add one. The model's admin
  brings back what went with it (`restore_related`); the message says what came back, and
  what could not. The links of a deleted object are those of its version before the
  deletion: by the time the deletion is recorded, its join rows are gone.
- Text typed in a browser arrives with CRLF line endings; stored as sent, every save of an
  unchanged textarea would show up in history as a change nobody made.
- History diffs show choice labels ("Observational / correlational"), not stored values.
"""

import dataclasses
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models, router, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import get_text_list
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from config.admin_widgets import (
    SafeAutocompleteSelect,
    SafeAutocompleteSelectMultiple,
    SafeModelMultipleChoiceField,
)


def normalise_newlines(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


_LF_FIELD_CLASSES: dict[type, type] = {}


def _lf_field_class(field_class: type[forms.CharField]) -> type[forms.CharField]:
    """The same form field class, cleaning CRLF and CR to LF (so has_changed agrees too)."""
    if field_class not in _LF_FIELD_CLASSES:

        def to_python(self, value):
            return normalise_newlines(field_class.to_python(self, value))

        _LF_FIELD_CLASSES[field_class] = type(
            field_class.__name__, (field_class,), {"to_python": to_python}
        )
    return _LF_FIELD_CLASSES[field_class]


class NewlinesMixin:
    """For ModelAdmin and inlines alike: every char and text field stores LF line endings,
    and an autocomplete field given a value that names no row shows a form error, not a
    500 (config/admin_widgets.py)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField):
            formfield.__class__ = _lf_field_class(type(formfield))
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                SafeAutocompleteSelectMultiple(
                    db_field, self.admin_site, using=kwargs.get("using")
                ),
            )
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TabularInline(NewlinesMixin, admin.TabularInline):
    pass


class StackedInline(NewlinesMixin, admin.StackedInline):
    pass


class ChoiceLabelsContextHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not isinstance(field, models.ManyToManyField):
            return dict(field.flatchoices).get(value, value)
        return super().prepare_delta_change_value(change, value)


@dataclass(frozen=True)
class _Revert:
    """What the history form view knows about the version on screen, kept on the request."""

    version: models.Model  # the historical record
    allowed: bool


@dataclass
class Restored:
    """What a restore brought back with the object, in words ("5 stances"), and what not."""

    parts: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)


_REVERT = "_history_revert"
_RESTORED = "_history_restored"


def _links(version) -> dict[str, tuple[list, int]]:
    """For each many-to-many field the history keeps: the ids of the linked rows that still
    exist, and how many are gone. A deletion's own version has no links left (its join rows
    were deleted before it was recorded): the version before it holds them."""
    if version.history_type == "-":
        version = version.prev_record or version
    links = {}
    for m2m in version._history_m2m_fields:
        recorded = [
            getattr(row, get_m2m_reverse_field_name(m2m) + "_id")
            for row in getattr(version, m2m.name).all()
        ]
        existing = set(
            m2m.related_model._base_manager.filter(pk__in=recorded).values_list("pk", flat=True)
        )
        links[m2m.name] = ([pk for pk in recorded if pk in existing], len(recorded) - len(existing))
    return links


def _counted(count, opts) -> str:
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


def _label(instance) -> str:
    try:
        return str(instance)
    except ObjectDoesNotExist:  # its str() names a related row deleted too
        return f"{instance._meta.verbose_name} #{instance.pk}"


class HistoryAdmin(NewlinesMixin, SimpleHistoryAdmin):
    object_history_form_template = "admin/history_form.html"
    change_list_template = "admin/history_change_list.html"
    recover_list_template = "admin/recover_list.html"
    recover_list_per_page = 100
    # Complete "reverting to it needs …" on a past version that the user may not revert,
    # and on a deleted object's last version (None: permission to add one).
    revert_needs = "permission to change it"
    restore_needs: str | None = None
    # Fields another part of the system writes (a score): never written back by a save here.
    derived_fields: tuple[str, ...] = ()

    def has_revert_permission(self, request, current, restored) -> bool:
        """May this user save `restored` (a past version) over `current` (None if deleted)?"""
        if current is None:
            return self.has_add_permission(request)
        return self.has_change_permission(request, current)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_model = getattr(self.model, self.model._meta.simple_history_manager_attribute).model
        version = get_object_or_404(
            history_model,
            **{self.model._meta.pk.attname: unquote(object_id), "history_id": version_id},
        )
        current = self.get_object(request, unquote(object_id))
        allowed = self.has_revert_permission(request, current, version.instance)
        if request.method == "POST" and not allowed:
            raise PermissionDenied
        setattr(request, _REVERT, _Revert(version, allowed))
        context = {"revert_needs": self.revert_needs, **(extra_context or {})}
        # One transaction: the row, its links and what a restore brings back with it
        # stand or fall together, and the grades are recomputed once, after all of them.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, context)

    def restore_related(self, request, obj, version, result: Restored) -> None:
        """Called after a deleted `obj` was saved back from `version`: bring back what went
        with it, and say so in `result`, which holds the links the form restored."""

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        view = self.admin_site.admin_view
        return [
            path("recover/", view(self.recover_list_view), name=f"{prefix}_recoverlist"),
            path("recover/<int:version_id>/", view(self.recover_view), name=f"{prefix}_recover"),
            *super().get_urls(),
        ]

    def _history(self):
        return getattr(self.model, self.model._meta.simple_history_manager_attribute)

    def deleted_versions(self):
        """The deletion record of every object deleted and not restored, newest first."""
        history, pk = self._history(), self.model._meta.pk.attname
        later = history.filter(**{pk: OuterRef(pk)}, history_date__gt=OuterRef("history_date"))
        return (
            history.filter(history_type="-")
            .exclude(**{f"{pk}__in": self.model._base_manager.values("pk")})
            .exclude(Exists(later))
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )

    def recover_list_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        page = Paginator(self.deleted_versions(), self.recover_list_per_page).get_page(
            request.GET.get("p")
        )
        recover = f"admin:{opts.app_label}_{opts.model_name}_recover"
        rows = [
            (_label(version.instance), version, reverse(recover, args=[version.history_id]))
            for version in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Recover deleted {opts.verbose_name_plural}",
            "opts": opts,
            "rows": rows,
            "page_obj": page,
            "may_recover": self.has_add_permission(request),
        }
        return TemplateResponse(request, self.recover_list_template, context)

    def recover_view(self, request, version_id):
        version = get_object_or_404(self._history(), history_id=version_id, history_type="-")
        object_id = getattr(version, self.model._meta.pk.attname)
        opts = self.model._meta
        if self.model._base_manager.filter(pk=object_id).exists():
            self.message_user(
                request, f"This {opts.verbose_name} has been restored already.", messages.INFO
            )
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(object_id)])
            )
        context = {
            "title": f"Recover deleted {opts.verbose_name}: {_label(version.instance)}",
            "revert_needs": self.restore_needs or f"permission to add {opts.verbose_name_plural}",
        }
        return self.history_form_view(request, quote(str(object_id)), str(version_id), context)

    def revert_disabled(self, request, obj=None):
        revert = getattr(request, _REVERT, None)
        if revert is not None and not revert.allowed:
            return True
        return super().revert_disabled(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        revert = getattr(request, _REVERT, None)
        if revert is None:
            return form
        initial = {
            name: ids
            for name, (ids, _) in _links(revert.version).items()
            if name in form.base_fields
        }

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.initial.update(initial)
                if not revert.allowed:
                    # Shown, not offered: the old version, with no input that takes an edit.
                    for field in self.fields.values():
                        field.disabled = True

        return RevertForm

    def save_model(self, request, obj, form, change):
        revert = getattr(request, _REVERT, None)
        row_exists = change
        if revert is not None:
            obj, row_exists = self._onto_stored_row(obj, revert.version)
            saved_at = localtime(revert.version.history_date)
            verb = "Reverted to" if row_exists else "Restored"
            obj._change_reason = f"{verb} the version of {saved_at:%Y-%m-%d %H:%M}"
        if row_exists and self.derived_fields:
            # Write only what the form edits: the derived fields were read when the page
            # opened, and a recompute may have committed newer values since.
            obj._history_user = request.user
            obj.save(update_fields=self._edited_fields())
            return
        super().save_model(request, obj, form, change)
        if revert is not None and not row_exists:
            setattr(request, _RESTORED, self._restore_related(request, obj, form, revert.version))

    def _restore_related(self, request, obj, form, version) -> Restored:
        linked, gone = [], []
        for name, (_, missing) in _links(version).items():
            opts = self.model._meta.get_field(name).related_model._meta
            if name in form.cleaned_data and form.cleaned_data[name]:
                linked.append(_counted(len(form.cleaned_data[name]), opts))
            if missing:
                gone.append(_counted(missing, opts))
        restored = Restored(parts=linked)
        self.restore_related(request, obj, version, restored)
        if gone:
            restored.warnings.append(
                f"Not linked again: {get_text_list(gone, 'and')} deleted since."
            )
        return restored

    def response_change(self, request, obj):
        restored = getattr(request, _RESTORED, None)
        if restored is None:
            return super().response_change(request, obj)
        opts = obj._meta
        with_what = f" with {get_text_list(restored.parts, 'and')}" if restored.parts else ""
        self.message_user(
            request, f"Restored the {opts.verbose_name} “{obj}”{with_what}.", messages.SUCCESS
        )
        for warning in restored.warnings:
            self.message_user(request, warning, messages.WARNING)
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
        )

    def _edited_fields(self):
        return [
            field.name
            for field in self.model._meta.concrete_fields
            if not field.primary_key and field.name not in self.derived_fields
        ]

    def _onto_stored_row(self, restored, version):
        """The row as stored now, carrying the old version's values, and whether it exists.

        Saving the historical instance itself would hide the change from anything that
        compares a save with what the instance was loaded with (the recompute triggers),
        and would write back what the history does not keep (the grade) as read when the
        page opened. A deleted object has no row: the old version is saved as it is.
        """
        stored = self.model._default_manager.filter(pk=restored.pk).first()
        if stored is None:
            return restored, False
        excluded = set(version._history_excluded_fields)
        for field in self.model._meta.concrete_fields:
            if field.name not in excluded:
                setattr(stored, field.attname, getattr(restored, field.attname))
        return stored, True

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabelsContextHelper(self.model, historical_record)
