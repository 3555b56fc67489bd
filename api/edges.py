"""The API's answers to requests its endpoints were not written for: HEAD, CORS preflights
(OPTIONS), writes, and addresses that lead nowhere.

Ninja routes a method only to an operation declared for it, so HEAD and OPTIONS would be
405s. Declaring them as operations would put them in the OpenAPI document twice over, under
the GET's operation id, so every route is wrapped instead (`with_edges`):

- HEAD runs the GET and answers with its headers. The body is left in the response: the
  page cache stores what a HEAD miss renders and serves it to the next GET, and the server
  (gunicorn, runserver) drops a HEAD's body on the way out, as Django's test client does.
- OPTIONS is a 204 with `Allow` and the CORS headers a browser's preflight asks for. It
  touches no data, so it is answered before the view runs.
- Any other method is a 405 in words: the API is read-only.

Every other address under /api/ is a 404 in words (`not_found`), or, when only a trailing
slash is wrong, a redirect to the address that exists, as Django's APPEND_SLASH would do.
"""

import functools
import re

from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLPattern, resolve, reverse

from api.http import CORS_HEADERS, finish

JSON = "application/json; charset=utf-8"  # as Ninja's own answers
READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW = ", ".join(READ_METHODS)
# Sent when a preflight names no headers, or names one that is not a header name. Requests
# that send only these need no preflight at all, except If-None-Match, which revalidating
# clients send.
SAFE_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type, If-None-Match"
# Browsers cap this (Chromium at two hours); the answer never changes between releases.
PREFLIGHT_MAX_AGE = 24 * 3600
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


def problem(request, status, detail, problems=()):
    """A JSON error shaped like api.schemas.Problem, with the API's CORS headers."""
    body = {"detail": detail, "problems": list(problems)}
    response = JsonResponse(body, status=status, content_type=JSON)
    return finish(request, response)


def preflight(request):
    response = HttpResponse(status=204)
    del response["Content-Type"]  # no body, so no type
    response["Allow"] = ALLOW
    for name, value in CORS_HEADERS.items():
        response[name] = value
    response["Access-Control-Allow-Methods"] = ALLOW
    response["Access-Control-Allow-Headers"] = requested_headers(request) or SAFE_HEADERS
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    # The answer depends on the headers asked for; a cache that keeps it must key on them.
    response["Vary"] = "Access-Control-Request-Headers"
    return response


def requested_headers(request) -> str:
    """The header names a preflight asks for, when every one is a valid name; else ""."""
    asked = request.headers.get("Access-Control-Request-Headers", "")
    names = [name.strip() for name in asked.split(",") if name.strip()]
    if not names or not all(HEADER_NAME.fullmatch(name) for name in names):
        return ""
    return ", ".join(names)


def read_only(request):
    response = problem(
        request,
        405,
        f"The API is read-only: this address answers {ALLOW}, not {request.method}.",
    )
    response["Allow"] = ALLOW
    return response


def edges(view):
    """The route's view, answering HEAD, OPTIONS and writes as the module says."""

    @functools.wraps(view)
    def edge(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return preflight(request)
        if request.method not in ("GET", "HEAD"):
            return read_only(request)
        if request.method == "GET":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    # Nothing here writes, and a refused write should read as a 405, not a CSRF page.
    edge.csrf_exempt = True
    return edge


def with_edges(patterns):
    return [
        URLPattern(pattern.pattern, edges(pattern.callback), pattern.default_args, pattern.name)
        for pattern in patterns
    ]


def _exists(path) -> bool:
    try:
        return resolve(path).func is not not_found
    except Resolver404:
        return False


def not_found(request):
    path = request.path_info
    other = path[:-1] if path.endswith("/") else path + "/"
    if _exists(other):
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            return finish(request, HttpResponsePermanentRedirect(f"{other}?{query}".rstrip("?")))
        hint = [f"Did you mean {other}?"]
    else:
        hint = []
    index = reverse("api-v1:index")
    return problem(
        request,
        404,
        f"Nothing is at {path}. The API's addresses are listed at {index}.",
        hint,
    )


not_found.csrf_exempt = True
