"""The compare page's filters: the list's own (tactics.filters.TacticFilter), so a filtered
list and a filtered comparison share one address, with more ways to order, one per table
column. The order is applied in Python over the loaded rows (overview/compare_table.py):
every column, each platform's included, sorts without a query of its own."""

import django_filters

from overview.compare_table import sort_keys
from tactics.filters import ORDERINGS, TacticFilter
from tactics.models import Platform


def order_choices():
    """The table's orders, then the list's own "highest score on the chosen platform", so
    an address copied from the list still works here."""
    choices = [(name, key.label) for name, key in sort_keys(Platform.objects.all()).items()]
    return [*choices, ("platform", ORDERINGS["platform"][0])]


class CompareFilter(TacticFilter):
    order = django_filters.ChoiceFilter(
        label="Order by",
        choices=order_choices,
        empty_label="Best match first (when searching), else highest score",
        method="filter_order",
    )

    def filter_order(self, queryset, name, value):
        if value == "platform":
            return super().filter_order(queryset, name, value)
        return queryset
