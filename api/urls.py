"""Routes of the api app."""

urlpatterns = []
