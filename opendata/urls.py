"""Routes of the opendata app: the dataset page and its downloads. The citation exports
live under their sources and tactics (sources/urls.py, tactics/urls.py)."""

from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("geo-evidence-csv.zip", views.csv_zip, name="csv_zip"),
    path("geo-evidence.json", views.json_document, name="json"),
]
