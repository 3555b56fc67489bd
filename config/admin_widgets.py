"""Autocomplete widgets that survive a submitted value naming no row.

Django's AutocompleteSelect looks every submitted value up when a form with errors is
shown again; text ("a tactic") or a number beyond the integer range then raises inside
the widget (a 500 that loses the researcher's form) instead of leaving the form's own
"Select a valid choice" error to speak. The same number in a plain many-to-many select
(the platforms of a source) reaches the database in the field's own check; the field below
refuses it in words first. Found by tests/production/test_no_outsider_500s.py.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


def could_name_a_row(field, item):
    """False for a value no row's key can hold: text for a number, or a number SQLite
    cannot store (it raises OverflowError past 64 bits rather than finding nothing)."""
    if item in field.empty_values:
        return True
    try:
        number = field.to_python(item)
    except ValidationError:
        return False
    return not isinstance(number, int) or abs(number) < 2**63


class _NamesOnlyRows:
    def optgroups(self, name, value, attr=None):
        field = self.field.remote_field.model._meta.pk
        possible = [item for item in value if could_name_a_row(field, item)]
        return super().optgroups(name, possible, attr)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        meta = self.queryset.model._meta
        key = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
        for item in value:
            if not could_name_a_row(key, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)


class SafeAutocompleteSelect(_NamesOnlyRows, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_NamesOnlyRows, AutocompleteSelectMultiple):
    pass
