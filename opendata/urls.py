"""Routes of the opendata app."""

urlpatterns = []
