"""Whole-page cache for anonymous visitors, with exact invalidation.

What is cached: GET and HEAD responses of the views named in `PAGE_CACHE_VIEWS` (the home
page, the tactic list with its query string, tactic pages, the source library and source
pages, and the crawler files that list every tactic: sitemap, llms.txt, feed), for
requests that carry no
session or messages cookie, when the response is a 200 without Set-Cookie, without
`Cache-Control: private/no-store`, varying on nothing but Cookie, rendered outside any
open transaction and without a CSP nonce. Anything else passes through untouched, so
staff (who always carry a session cookie) neither get a cached page nor put one in the
cache, and a draft (a 404 for anonymous visitors) is never stored. We skip the cache for
*any* session cookie rather than look the session up: that look-up is a query, and the
hit path must stay free of SQL (a stale cookie only costs that visitor a rendered page).

A hit is one cache read of finished bytes plus headers (with the local-memory cache, also
one stat() of a file): no SQL, no template, no session. The headers that the inner
middleware add (CSP, X-Frame-Options, Vary) are stored with the page; the outer ones
(SecurityMiddleware: HSTS, nosniff, referrer policy) run on every request anyway.

Exact invalidation: every stored page carries the content version read *before* its view
queried the database, and is served only while that version is current. Saving or
deleting any row of the tactics, sources or scoring apps (including many-to-many changes,
the scoring engine's `save(update_fields=...)`, and its bulk path through
`scoring.services.evidence_changed`) schedules one bump per transaction with
`transaction.on_commit`, so rolled-back data never bumps it and a page rendered from data
older than a commit can never be served after it. `migrate` and `flush` bump it too. Bulk
writes that send no signals must call `invalidate()`.

Where the version lives, so that every worker sees a bump:
- a shared cache (Redis): a key in that cache, fetched in the same round trip as the page;
- the per-process local-memory cache: the modification time (in nanoseconds) of a file
  that every worker on the machine can stat. Each worker keeps its own pages, but all of
  them compare against the same file, so a save in one worker invalidates all of them.
  Several machines each with local memory would not see each other's file: set REDIS_URL.

Each process also keys pages by a release id (the code and templates it runs), so a
deploy that changes templates never serves pages rendered by the previous release from a
shared cache.
"""

import fcntl
import functools
import gzip
import hashlib
import logging
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import quote_etag

logger = logging.getLogger(__name__)

CACHE_ALIAS = "default"
VERSION_KEY = "page-cache:version"
# Apps whose rows appear on cached pages: any change in them invalidates.
CONTENT_APPS = frozenset({"tactics", "sources", "scoring"})
# Cookies that can change what a page shows: the session (who is logged in) and
# messages (a one-off notice rendered into the next page).
IDENTITY_COOKIES = ("messages",)
HEADER = "X-Page-Cache"
_SKIPPED_HEADERS = frozenset({"set-cookie", "date"})


# --- The content version ---------------------------------------------------------------


class FileVersion:
    """The version is a file's mtime in ns: one stat() per request, shared by all workers."""

    def __init__(self, path):
        self.path = path

    def read(self):
        try:
            return os.stat(self.path).st_mtime_ns
        except FileNotFoundError:
            self.bump()
            return os.stat(self.path).st_mtime_ns

    def lookup(self, cache, key):
        version = self.read()
        return version, cache.get(key)

    def bump(self):
        # The lock makes read-then-set atomic between processes, so the version strictly
        # increases even when two workers commit within the same clock tick.
        with open(self.path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                old = os.fstat(handle.fileno()).st_mtime_ns
                new = max(time.time_ns(), old + 1)
                os.utime(self.path, ns=(new, new))
                if os.stat(self.path).st_mtime_ns <= old:
                    # A file system with coarse timestamps rounded the change away.
                    new = old + 1_000_000_000
                    os.utime(self.path, ns=(new, new))
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class SharedCacheVersion:
    """The version is a key in the shared cache, read with the page in one round trip."""

    def lookup(self, cache, key):
        values = cache.get_many([VERSION_KEY, key])
        version = values.get(VERSION_KEY)
        if version is None:
            # A fresh (or evicted) version starts at the clock, above any earlier value,
            # so pages stored under an old version can never match it again.
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            return cache.get(VERSION_KEY), None
        return version, values.get(key)

    def bump(self):
        cache = caches[CACHE_ALIAS]
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # missing: start a new, higher version
            cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def _is_per_process(cache_alias=CACHE_ALIAS):
    backend = settings.CACHES[cache_alias]["BACKEND"]
    return backend.endswith(("locmem.LocMemCache", "dummy.DummyCache"))


def version_file():
    if settings.PAGE_CACHE_VERSION_FILE:
        return Path(settings.PAGE_CACHE_VERSION_FILE)
    # One file per site checkout and database, so two sites on a machine stay apart.
    database = settings.DATABASES["default"]
    site = f"{settings.BASE_DIR}|{database.get('HOST', '')}|{database['NAME']}"
    digest = hashlib.sha256(site.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"geo-evidence-page-version-{digest}"


@functools.cache
def version_store():
    if _is_per_process():
        return FileVersion(version_file())
    return SharedCacheVersion()


# --- Invalidation -----------------------------------------------------------------------


def bump_version():
    """Make every cached page stale now. Runs after commit; never raises into a save."""
    try:
        version_store().bump()
    except Exception:
        # The data is committed; a failed bump leaves pages stale until it works again.
        logger.exception("Could not bump the page-cache version; cached pages may be stale")


def invalidate(using="default"):
    """Schedule one version bump for when the current transaction commits.

    At most one bump is queued per transaction: the callback is added only if it is not
    already waiting. A rolled-back savepoint drops the callback it registered, so the
    next change registers it again.
    """
    connection = connections[using]
    if connection.in_atomic_block and any(
        func is bump_version for _sids, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump_version, using=using)


def _on_change(sender, using="default", **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        invalidate(using)


def _on_evidence_changed(sender=None, **kwargs):
    bump_version()  # scoring sends it after commit


def _on_migrate(sender, **kwargs):
    # Data migrations change content without model signals, and `flush` (which test
    # cases use between tests) sends post_migrate after emptying every table.
    bump_version()


def connect_invalidation_signals():
    """Called once from TacticsConfig.ready()."""
    post_migrate.connect(_on_migrate, dispatch_uid="page_cache.post_migrate")
    post_save.connect(_on_change, dispatch_uid="page_cache.post_save")
    post_delete.connect(_on_change, dispatch_uid="page_cache.post_delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid="page_cache.m2m_changed")
    try:
        from scoring.services import evidence_changed
    except ImportError:  # the scoring engine's bulk path is optional for the cache
        return
    evidence_changed.connect(_on_evidence_changed, dispatch_uid="page_cache.evidence")


def _on_m2m_changed(sender, instance, action, using="default", **kwargs):
    if action.startswith("post_") and instance._meta.app_label in CONTENT_APPS:
        invalidate(using)


# --- Which requests and responses ---------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _cacheable_path(path, urlconf, view_names):
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return match.view_name in view_names


def is_candidate(request):
    """Could this request be answered from the page cache? Makes no query."""
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_ENABLED:
        return False
    cookies = request.COOKIES
    if cookies and (
        settings.SESSION_COOKIE_NAME in cookies or any(c in cookies for c in IDENTITY_COOKIES)
    ):
        return False
    return _cacheable_path(
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


def _key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
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
    for folder in ("config", "templates", *sorted(CONTENT_APPS)):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _clear_memos(setting, **kwargs):
    if setting in ("ROOT_URLCONF", "PAGE_CACHE_VIEWS"):
        _cacheable_path.cache_clear()
    if setting in ("CACHES", "PAGE_CACHE_VERSION_FILE", "DATABASES"):
        version_store.cache_clear()


setting_changed.connect(_clear_memos, dispatch_uid="page_cache.clear_memos")


# --- The middleware ---------------------------------------------------------------------


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_candidate(request):
            return self._pass(request, self.get_response(request))
        cache = caches[CACHE_ALIAS]
        store = version_store()
        key = _key(request)
        try:
            version, entry = store.lookup(cache, key)
        except Exception:
            logger.exception("Page cache unavailable; serving uncached")
            return self._pass(request, self.get_response(request))
        if entry is not None and entry[0] == version:
            return self._hit(request, entry)

        response = self.get_response(request)
        if not _storable(request, response):
            return self._pass(request, response)
        set_etag(response)
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
        entry = (version, headers, response.content, _compress(response))
        try:
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.exception("Could not store a page in the cache")
        return self._from_entry(request, entry, "miss")

    def _hit(self, request, entry):
        return self._from_entry(request, entry, "hit")

    def _from_entry(self, request, entry, state):
        _version, headers, content, gzipped = entry
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
COMPRESSIBLE = ("text/", "application/xml", "application/rss", "application/atom")


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
    return conditional
