"""Routes of the api app: /api/v1/ (api/v1.py), each route wrapped to answer HEAD, OPTIONS
and writes (api/edges.py), then a JSON 404 for every other address under /api/.

No app_name here: Ninja names its own namespace ("api-v1", so URL names read
"api-v1:tactics") and reverses its root through it."""

from django.urls import path, re_path

from api.edges import not_found, with_edges
from api.v1 import api as v1

# Not unpacked into module names: Django would read a module-level `app_name` as this
# URLconf's own namespace.
urlpatterns = [
    path("v1/", (with_edges(v1.urls[0]), *v1.urls[1:])),
    re_path(r"^", not_found),
]
