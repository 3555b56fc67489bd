from django.urls import path

from sources import corrections, views

app_name = "sources"
urlpatterns = [
    path("", views.source_list, name="list"),
    path("<int:pk>/", views.source_detail, name="detail"),
    path("corrections/", corrections.corrections_log, name="corrections"),
    path("corrections/feed.atom", corrections.CorrectionsFeed(), name="corrections_feed"),
]
