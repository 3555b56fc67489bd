from django.urls import path

from opendata import cite_views
from tactics.views.detail import tactic_detail
from tactics.views.listing import tactic_list

app_name = "tactics"
urlpatterns = [
    path("", tactic_list, name="list"),
    path("<slug:slug>/", tactic_detail, name="detail"),
    path(
        "<slug:slug>/references.bib",
        cite_views.tactic_references,
        {"fmt": "bib"},
        name="references_bib",
    ),
    path(
        "<slug:slug>/references.ris",
        cite_views.tactic_references,
        {"fmt": "ris"},
        name="references_ris",
    ),
    path(
        "<slug:slug>/references.json",
        cite_views.tactic_references,
        {"fmt": "json"},
        name="references_json",
    ),
]
