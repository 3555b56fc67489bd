"""The overviews of every published tactic: compare, and where the evidence is missing."""

from django.urls import path

from overview import compare_views, gap_views

app_name = "overview"

urlpatterns = [
    path("compare/", compare_views.compare, name="compare"),
    path("evidence-gaps/", gap_views.gap_map, name="gaps"),
]
