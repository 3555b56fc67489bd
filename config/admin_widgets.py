"""Autocomplete widgets that survive a submitted value naming no row.

Django's AutocompleteSelect looks every submitted value up when a form with errors is
shown again; text ("a tactic") or a number beyond the integer range then raises inside
the widget (a 500 that loses the researcher's form) instead of leaving the form's own
"Select a valid choice" error to speak. Found by tests/production/test_no_outsider_500s.py.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _NamesOnlyRows:
    def optgroups(self, name, value, attr=None):
        field = self.field.remote_field.model._meta.pk

        def names_a_row(item):
            if item in field.empty_values:
                return True
            try:
                number = field.to_python(item)
            except ValidationError:
                return False
            # SQLite raises OverflowError past 64 bits rather than finding nothing.
            return not isinstance(number, int) or abs(number) < 2**63

        return super().optgroups(name, [item for item in value if names_a_row(item)], attr)


class SafeAutocompleteSelect(_NamesOnlyRows, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_NamesOnlyRows, AutocompleteSelectMultiple):
    pass
