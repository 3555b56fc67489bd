from django.urls import path

from opendata import cite_views
from sources import views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("<int:pk>/", views.source_detail, name="detail"),
    path("<int:pk>/cite.bib", cite_views.source_citation, {"fmt": "bib"}, name="cite_bib"),
    path("<int:pk>/cite.ris", cite_views.source_citation, {"fmt": "ris"}, name="cite_ris"),
    path("<int:pk>/cite.json", cite_views.source_citation, {"fmt": "json"}, name="cite_json"),
]
