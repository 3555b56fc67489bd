"""Feeds of grade changes: site-wide, and one per published tactic.

The site-wide feed's fixed name comes first, so a tactic slugged "feed" could never have
a feed of its own: that slug is reserved (tactics.models.RESERVED_SLUGS).
"""

from django.urls import path

from scoring.feeds import RecentGradeChangesFeed, TacticGradeChangesFeed

app_name = "changes"
urlpatterns = [
    path("feed.atom", RecentGradeChangesFeed(), name="feed"),
    path("<slug:slug>.atom", TacticGradeChangesFeed(), name="tactic_feed"),
]
