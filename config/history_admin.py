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
- Text typed in a browser arrives with CRLF line endings; stored as sent, every save of an
  unchanged textarea would show up in history as a change nobody made.
- History diffs show choice labels ("Observational / correlational"), not stored values.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.timezone import localtime
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name


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
    """For ModelAdmin and inlines alike: every char and text field stores LF line endings."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield, forms.CharField):
            formfield.__class__ = _lf_field_class(type(formfield))
        return formfield


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


_REVERT = "_history_revert"


class HistoryAdmin(NewlinesMixin, SimpleHistoryAdmin):
    object_history_form_template = "admin/history_form.html"
    # Completes "reverting to it needs …" on a past version that the user may not revert.
    revert_needs = "permission to change it"
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
        return super().history_form_view(request, object_id, version_id, context)

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
            field.name: [
                getattr(row, get_m2m_reverse_field_name(field) + "_id")
                for row in getattr(revert.version, field.name).all()
            ]
            for field in revert.version._history_m2m_fields
            if field.name in form.base_fields
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
            obj._change_reason = f"Reverted to the version of {saved_at:%Y-%m-%d %H:%M}"
        if row_exists and self.derived_fields:
            # Write only what the form edits: the derived fields were read when the page
            # opened, and a recompute may have committed newer values since.
            obj._history_user = request.user
            obj.save(update_fields=self._edited_fields())
            return
        super().save_model(request, obj, form, change)

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
