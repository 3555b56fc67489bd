"""Feeds of grade changes."""

urlpatterns = []
