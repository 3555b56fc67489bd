"""Feeds of grade changes. The per-tactic feed lives under its tactic, in tactics/urls.py
(/tactics/<slug>/changes.atom), where no slug can collide with a fixed name."""

from django.urls import path

from scoring.feeds import RecentGradeChangesFeed

app_name = "changes"
urlpatterns = [
    path("feed.atom", RecentGradeChangesFeed(), name="feed"),
]
