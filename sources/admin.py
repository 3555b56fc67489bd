from django.contrib import admin
from django.db.models import Count
from django.db.models.functions import ExtractYear

from config.history_admin import HistoryAdmin, StackedInline
from scoring.feedback import GradeFeedbackMixin
from sources.admin_fill import MetadataFillMixin
from sources.admin_import import SourceImportMixin, StanceImportMixin
from sources.deletion import restore_source, restore_stance
from sources.models import Source, Stance


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


class StanceInline(StackedInline):
    model = Stance
    extra = 0
    fields = [("tactic", "position", "directness"), "finding", "detail"]
    autocomplete_fields = ["tactic"]


@admin.register(Source)
class SourceAdmin(GradeFeedbackMixin, SourceImportMixin, MetadataFillMixin, HistoryAdmin):
    list_display = ["title", "publisher", "source_type", "method", "published_on", "stance_count"]
    list_filter = ["source_type", "method", "platforms", YearFilter, "vendor_interest"]
    search_fields = ["title", "publisher", "url", "doi", "authors"]
    filter_horizontal = ["platforms"]
    inlines = [StanceInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "url", "doi", "publisher", "authors", "published_on"]}),
        (
            "How the evidence was collected",
            {
                "fields": [
                    ("source_type", "method"),
                    ("sample_size", "sample_unit"),
                    "platforms",
                    ("vendor_interest", "second_hand"),
                ]
            },
        ),
        (None, {"fields": ["summary", ("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_stances=Count("stances"))

    @admin.display(description="Stances", ordering="n_stances")
    def stance_count(self, obj):
        return obj.n_stances

    def restore_related(self, request, obj, version, result):
        restore_source(obj, version, request.user, result)


@admin.register(Stance)
class StanceAdmin(GradeFeedbackMixin, StanceImportMixin, HistoryAdmin):
    list_display = ["source", "tactic", "position", "directness", "finding"]
    list_filter = ["position", "directness", "tactic__category"]
    list_select_related = ["source", "tactic"]
    search_fields = ["finding", "source__title", "tactic__question"]
    autocomplete_fields = ["source", "tactic"]

    def restore_related(self, request, obj, version, result):
        restore_stance(obj, version, request.user, result)
