"""The public corrections log at /corrections/: a page of the site as a whole, not of the
source library, so it has a namespace of its own."""

from django.urls import path

from sources import corrections

app_name = "corrections"
urlpatterns = [
    path("", corrections.corrections_log, name="log"),
    path("feed.atom", corrections.CorrectionsFeed(), name="feed"),
]
