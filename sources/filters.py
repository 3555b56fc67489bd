"""Filters for the source library. Like the tactic list, an invalid parameter is left
out and reported rather than turned into an error page."""

import django_filters
from django.db.models import Exists, OuterRef

from sources.choices import Method, OrganisationKind, Position, SourceType
from sources.models import EARLIEST_PUBLICATION, Source, Stance
from tactics.choices import Status
from tactics.models import Platform
from web.lists import ReadableProblems

LATEST_YEAR = 2100


def library_platforms():
    """Platforms studied by a source in the library (one behind a published tactic): a
    platform only drafts' sources studied must not be offered, nor accepted, as a filter."""
    return Platform.objects.having(
        Source.platforms.through.objects.filter(
            source__withdrawn_at__isnull=True,
            source__stances__withdrawn_at__isnull=True,
            source__stances__tactic__status=Status.PUBLISHED,
        )
    )


class SourceFilter(ReadableProblems, django_filters.FilterSet):
    source_type = django_filters.ChoiceFilter(
        label="Type", choices=SourceType.choices, empty_label="Any type"
    )
    method = django_filters.ChoiceFilter(
        label="Method", choices=Method.choices, empty_label="Any method"
    )
    platform = django_filters.ModelChoiceFilter(
        label="Platform",
        field_name="platforms",
        queryset=library_platforms(),
        to_field_name="slug",
        empty_label="Any platform",
    )
    organisation_kind = django_filters.ChoiceFilter(
        label="Organisation",
        field_name="organisation__kind",
        choices=OrganisationKind.choices,
        empty_label="Any organisation",
    )
    interest = django_filters.ChoiceFilter(
        label="Commercial interest",
        choices=[("sells", "Sells a related product"), ("none", "No such interest")],
        empty_label="Either",
        method="filter_interest",
    )
    year = django_filters.NumberFilter(
        label="Year published",
        field_name="published_on",
        lookup_expr="year",
        min_value=EARLIEST_PUBLICATION.year,
        max_value=LATEST_YEAR,
        decimal_places=0,
    )
    stance = django_filters.ChoiceFilter(
        label="What it found on a tactic",
        choices=Position.choices,
        empty_label="Any outcome",
        method="filter_stance",
    )

    class Meta:
        model = Source
        fields = []  # every filter is declared above

    def filter_interest(self, queryset, name, value):
        return queryset.filter(organisation__sells_related_product=value == "sells")

    def filter_stance(self, queryset, name, value):
        # Only the stances the summary counts (current, on published tactics): a draft
        # must not leak through a filter, nor a withdrawn stance match an outcome the
        # card does not show.
        return queryset.filter(
            Exists(
                Stance.objects.filter(
                    source=OuterRef("pk"),
                    position=value,
                    withdrawn_at__isnull=True,
                    tactic__status=Status.PUBLISHED,
                )
            )
        )
