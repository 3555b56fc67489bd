"""Routes of the api app: /api/v1/ (api/v1.py).

No app_name here: Ninja names its own namespace ("api-v1", so URL names read
"api-v1:tactics") and reverses its root through it."""

from django.urls import path

from api.v1 import api as v1

urlpatterns = [path("v1/", v1.urls)]
