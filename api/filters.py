"""The API's query parameters: the list pages' own filtersets, plus `page` and `page_size`.

Declaring the paging parameters as filters does two jobs. Their bad values are reported in
words by the same form validation as every filter, and the page cache, which keys a list
by the parameters its filterset declares (QUERY_FROM_FILTERS), keeps `page_size` in the
key instead of stripping it.
"""

import django_filters

from sources.choices import Position
from sources.filters import SourceFilter
from sources.models import Source, Stance
from tactics.filters import TacticFilter
from tactics.models import Tactic
from web.lists import ReadableProblems

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def page_number():
    return django_filters.NumberFilter(
        label="Page", method="keep", min_value=1, decimal_places=0, max_digits=9
    )


def page_size():
    return django_filters.NumberFilter(
        label="Page size",
        method="keep",
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        decimal_places=0,
        max_digits=3,
    )


class Paged:
    """The paging parameters are read by the view, not applied to the queryset."""

    def keep(self, queryset, name, value):
        return queryset


class TacticQuery(Paged, TacticFilter):
    page = page_number()
    page_size = page_size()


class SourceQuery(Paged, SourceFilter):
    page = page_number()
    page_size = page_size()


class StanceQuery(Paged, ReadableProblems, django_filters.FilterSet):
    tactic = django_filters.ModelChoiceFilter(
        label="Tactic",
        queryset=Tactic.objects.published(),
        to_field_name="slug",
    )
    source = django_filters.ModelChoiceFilter(
        label="Source", queryset=Source.objects.with_published_tactics()
    )
    position = django_filters.ChoiceFilter(label="What the source found", choices=Position.choices)
    page = page_number()
    page_size = page_size()

    class Meta:
        model = Stance
        fields = []  # every filter is declared above
