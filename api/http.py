"""What every API response shares: CORS headers, an ETag with 304s, errors in words, and
pagination with links. HEAD, preflights, writes and unknown addresses: api/edges.py.

ETags: a view the page cache serves (its URL name in settings.PAGE_CACHE_VIEWS) gets its
ETag and 304 from web/page_cache.py, on hits and misses alike; answering a conditional
request here first would return a 304 the cache never stores, so that a client who always
revalidates would never fill it. Every other response gets both here, from the same MD5 of
the body, so an ETag means the same thing whichever path served it.

CORS: the API is public and read-only and sends no credentials, so any origin may read it
(`*`); browsers may also read the ETag, to revalidate.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.cache import get_conditional_response, set_response_etag
from ninja import NinjaAPI

from api.filters import PAGE_SIZE

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag",
}


class ApiError(Exception):
    """Answered as {"detail": ..., "problems": [...]} with its status."""

    def __init__(self, status: int, detail: str, problems=()):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.problems = list(problems)


def served_by_page_cache(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in settings.PAGE_CACHE_VIEWS


def finish(request, response):
    for name, value in CORS_HEADERS.items():
        response[name] = value
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return response
    if served_by_page_cache(request):
        return response
    set_response_etag(response)
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    if conditional is not response:
        for name, value in CORS_HEADERS.items():
            conditional[name] = value
    return conditional


class PublicAPI(NinjaAPI):
    """Ninja, with every response it builds finished as above."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return finish(request, response)


def docs_decorator(view):
    """The OpenAPI document is an API response like the others."""

    def wrapped(request, *args, **kwargs):
        return finish(request, view(request, *args, **kwargs))

    return wrapped


def checked(filterset):
    """The filterset, or a 400 naming each refused parameter. The list pages ignore a bad
    value and say so above the results; a program reading JSON would not see that note,
    so here the request is refused instead of answered with something else."""
    if filterset.is_bound and not filterset.is_valid():
        raise ApiError(
            400, "Some query parameters were not understood.", problems=filterset.problems
        )
    return filterset


def paginate(request, filterset, queryset):
    """(page, envelope without results) for a checked filterset. A page past the last is
    a 400 saying which page is the last, never an empty page that looks like the end."""
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    size = int(data.get("page_size") or PAGE_SIZE)
    number = int(data.get("page") or 1)
    paginator = Paginator(queryset, size)
    if number > paginator.num_pages:
        last = paginator.num_pages
        raise ApiError(
            400,
            f"There is no page {number}: the last page is {last}.",
            problems=[f"Page: choose a page from 1 to {last}."],
        )
    page = paginator.page(number)

    def link(to):
        query = request.GET.copy()
        query["page"] = str(to)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return page, {
        "count": paginator.count,
        "page": number,
        "page_size": size,
        "pages": paginator.num_pages,
        "next": link(number + 1) if page.has_next() else None,
        "previous": link(number - 1) if page.has_previous() else None,
    }
