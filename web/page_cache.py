"""Whole-page cache for anonymous visitors, invalidated by tag.

What is cached: GET and HEAD responses of the views named in `PAGE_CACHE_VIEWS` (the home
page, the tactic list, tactic pages, the source library and source pages, and the crawler
files: sitemap, llms.txt, feed), for requests that carry no session or messages cookie,
when the response is a 200 without Set-Cookie, without `Cache-Control: private/no-store`,
varying on nothing but Cookie, rendered outside any open transaction and without a CSP
nonce. Anything else passes through untouched, so staff (who always carry a session
cookie) neither get a cached page nor put one in the cache, and a draft (a 404 for
anonymous visitors) is never stored. We skip the cache for *any* session cookie rather
than look the session up: that look-up is a query, and the hit path must stay free of SQL.

The key is the path plus only the query parameters the view reads (the filters and page
of the two lists; nothing for every other page). Others (utm_*, fbclid, gclid, anything
random) are removed from the request before the view runs, so they can neither create
entries nor be echoed into a stored page's links.

Invalidation by tag: each stored page records the tags of what it shows
(`ROUTE_TAGS` below, plus those a view adds with `tag_response`) and their versions, and
is served only while none has moved. web/page_invalidation.py maps each change to the
tags it touches, bumped on commit; web/page_versions.py keeps the versions (Redis or
files shared by the workers) and explains why a page rendered during a commit is never
stored.

For a reverse proxy, stored pages carry `Cache-Control: public, max-age=0,
s-maxage=PAGE_CACHE_PROXY_SECONDS` and `xkey: <tags>`; web/page_purge.py purges by tag.

A hit is one cache read of finished bytes plus headers and one read of its tag versions:
no SQL, no template, no session. Each process also keys pages by a release id (the code
and templates it runs), so a deploy never serves pages rendered by the previous release.
"""

import functools
import gzip
import hashlib
import logging
import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connections
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.module_loading import import_string

from web import page_invalidation
from web.page_versions import CACHE_ALIAS, CLOCK, SITE, VALID_TAG, version_store

__all__ = ["invalidate", "version_store", "tag_response", "PageCacheMiddleware"]

logger = logging.getLogger(__name__)

invalidate = page_invalidation.invalidate
connect_invalidation_signals = page_invalidation.connect
# Cookies that can change what a page shows: the session (who is logged in) and
# messages (a one-off notice rendered into the next page).
IDENTITY_COOKIES = ("messages",)
HEADER = "X-Page-Cache"
TAGS_HEADER = "xkey"  # the Varnish xkey vmod's convention
_SKIPPED_HEADERS = frozenset({"set-cookie", "date"})

# The tags a page carries from its route alone; the tactic page adds its own in the view.
ROUTE_TAGS = {
    "home": lambda kwargs: {"tactic-list", "source-list"},
    "tactics:list": lambda kwargs: {"tactic-list"},
    "sources:list": lambda kwargs: {"source-list"},
    "sources:detail": lambda kwargs: {f"source:{kwargs['pk']}", f"source-stances:{kwargs['pk']}"},
    "sitemap": lambda kwargs: {"tactic-list", "tactic-dates", "source-list"},
    "sitemap_section": lambda kwargs: {
        "tactics": {"tactic-list", "tactic-dates"},
        "sources": {"source-list"},
    }.get(kwargs["section"], {"tactic-list", "tactic-dates", "source-list"}),
    "llms_txt": lambda kwargs: {"tactic-list"},
    "feed": lambda kwargs: {"tactic-list", "tactic-dates"},
}
# The lists read their filterset's parameters and `page`; every other page reads none.
QUERY_FROM_FILTERS = {
    "tactics:list": "tactics.filters.TacticFilter",
    "sources:list": "sources.filters.SourceFilter",
    "sitemap_section": "web.crawlers.SectionPage",
    "overview:compare": "overview.compare_filters.CompareFilter",
    "api-v1:tactics": "api.filters.TacticQuery",
    "api-v1:sources": "api.filters.SourceQuery",
    "api-v1:stances": "api.filters.StanceQuery",
}


def tag_response(response, *tags):
    """Record what a page shows, for the page cache and the proxy (`xkey`)."""
    for tag in tags:
        if not VALID_TAG.match(tag):
            raise ValueError(f"Not a page-cache tag: {tag!r}")
    response.cache_tags = getattr(response, "cache_tags", set()) | set(tags)
    return response


@functools.cache
def _parameters(view_name):
    path = QUERY_FROM_FILTERS.get(view_name)
    if path is None:
        return frozenset()
    return frozenset({*import_string(path).base_filters, "page"})


def canonical_query(request, view_name):
    """(the parameters the view reads, in a fixed order, as a QueryDict; whether the
    request carries any other parameter)."""
    names = _parameters(view_name)
    query = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & names):
        query.setlist(name, request.GET.getlist(name))
    query._mutable = False
    return query, not set(request.GET) <= names


def _canonical_query(request, view_name):
    """The canonical query's text; the request then holds only the parameters it names."""
    query, _others = canonical_query(request, view_name)
    encoded = query.urlencode()
    request.GET = query
    request.META["QUERY_STRING"] = encoded
    return encoded


# --- Which requests and responses ---------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _route(path, urlconf, view_names):
    """(view name, URL kwargs) of a cacheable path, else None."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    if match.view_name not in view_names:
        return None
    return match.view_name, tuple(sorted(match.kwargs.items()))


def is_candidate(request):
    """Could this request be answered from the page cache? Makes no query."""
    return _candidate_route(request) is not None


def carries_identity(request):
    """Does the request carry a cookie that can make its page someone's own?"""
    cookies = request.COOKIES
    return bool(cookies) and (
        settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in IDENTITY_COOKIES)
    )


def _candidate_route(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_ENABLED:
        return None
    if carries_identity(request):
        return None
    return _route(
        request.path_info,
        get_urlconf() or settings.ROOT_URLCONF,
        tuple(settings.PAGE_CACHE_VIEWS),
    )


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie"}:
        return False  # the key would not capture what the page varies on
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return False
    if getattr(request, "_csp_nonce", None):
        return False  # a nonce must never be shared between visitors
    # Rendered inside an open transaction, the page may show data that is never committed.
    return not any(conn.in_atomic_block for conn in connections.all(initialized_only=True))


def _key(request, query):
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"page:{release_id()}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


@functools.cache
def release_id():
    """The code and templates this process runs, so a shared cache never mixes releases."""
    if os.environ.get("RELEASE_ID"):
        return os.environ["RELEASE_ID"]
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    # The fingerprinted names of the static files that the pages link to.
    manifest = Path(settings.STATIC_ROOT or base) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    # Every app of ours (any folder inside the project), whatever its name.
    ours = {
        Path(app.path).relative_to(base).parts[0]
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(base)
    }
    for folder in ("config", "templates", *sorted(ours)):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _clear_memos(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "PAGE_CACHE_VIEWS"):
        _route.cache_clear()


setting_changed.connect(_clear_memos, dispatch_uid="page_cache.clear_memos")


# --- The middleware ---------------------------------------------------------------------


def _no_tags(kwargs):
    return set()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        route = _candidate_route(request)
        if route is None:
            return self._pass(request, self.get_response(request))
        view_name, kwargs = route
        key = _key(request, _canonical_query(request, view_name))
        cache, store = caches[CACHE_ALIAS], version_store()
        try:
            entry = cache.get(key)
            if entry is not None and store.read(entry[0]) == entry[0]:
                return self._from_entry(request, entry, "hit")
            clock = store.read([CLOCK])[CLOCK]
        except Exception:
            logger.exception("Page cache unavailable; serving uncached")
            return self._pass(request, self.get_response(request))

        response = self.get_response(request)
        if not _storable(request, response):
            if response.status_code >= 400:
                # An error page may turn into a real one (a draft published): no shared
                # cache may keep it.
                patch_cache_control(response, private=True, no_store=True)
            return self._pass(request, response)
        tags = {SITE, *ROUTE_TAGS.get(view_name, _no_tags)(dict(kwargs))}
        tags |= getattr(response, "cache_tags", set())
        try:
            versions = store.read([*sorted(tags), CLOCK])
        except Exception:
            logger.exception("Page cache unavailable; serving uncached")
            return self._pass(request, response)
        if versions.pop(CLOCK) != clock:
            # A commit landed while this page was rendered: it may predate that commit.
            return self._pass(request, response)
        set_etag(response)
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_PROXY_SECONDS
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        response[TAGS_HEADER] = " ".join(sorted(tags))
        headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
        entry = (versions, headers, response.content, _compress(response))
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Could not store a page in the cache")
        return self._from_entry(request, entry, "miss")

    def _from_entry(self, request, entry, state):
        _versions, headers, content, gzipped = entry
        use_gzip = gzipped is not None and ACCEPTS_GZIP(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        response = HttpResponse(gzipped if use_gzip else content)
        for name, value in headers:
            response.headers[name] = value
        if use_gzip:
            # Another representation, so another strong ETag (RFC 9110 section 8.8.3).
            response.headers["ETag"] = response.headers["ETag"][:-1] + '-gzip"'
            response.headers["Content-Encoding"] = "gzip"
            response.headers["Content-Length"] = str(len(gzipped))
        response[HEADER] = state
        return _conditional(request, response)

    def _pass(self, request, response):
        """Not from or into the cache; cacheable views still get an ETag for 304s."""
        if (
            response.status_code == 200
            and request.method in ("GET", "HEAD")
            and not response.streaming
            and getattr(request, "resolver_match", None) is not None
            and request.resolver_match.view_name in settings.PAGE_CACHE_VIEWS
        ):
            set_etag(response)
            # Someone's own view of the page (staff, a session): no shared cache may keep it.
            patch_cache_control(response, private=True, no_cache=True)
            response[HEADER] = "pass"
            return _conditional(request, response)
        return response


# Compressing once at store time costs about a millisecond; every hit then sends ~7x fewer
# bytes. No secret is ever in these pages (anonymous, no CSRF token), so BREACH-style
# attacks on compressed responses have nothing to recover.
ACCEPTS_GZIP = re.compile(r"\bgzip\b").search
COMPRESSIBLE = (
    "text/",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/json",
)
# Headers a 304 must repeat: Django's list leaves out the API's cross-origin ones.
REPEATED_ON_304 = ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers")


def _compress(response):
    content_type = response.get("Content-Type", "")
    if len(response.content) < 512 or not content_type.startswith(COMPRESSIBLE):
        return None
    return gzip.compress(response.content, compresslevel=6, mtime=0)


def set_etag(response):
    if not response.has_header("ETag"):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response.headers["ETag"] = quote_etag(digest)


def _conditional(request, response):
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MATCH" not in request.META:
        return response
    conditional = get_conditional_response(request, etag=response["ETag"], response=response)
    if conditional is not response:
        conditional[HEADER] = response[HEADER]
        for name in REPEATED_ON_304:
            if response.has_header(name):
                conditional[name] = response[name]
    return conditional
