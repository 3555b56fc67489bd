"""Parts of a page that are the same for every visitor, rendered once and reused while
what they show stands still.

The page cache answers only visitors without a session or messages cookie. Everyone else
costs a full render, though nearly all of a public page's HTML is the same for them too:
only the shell (the header's messages, a draft banner) is theirs. A view keeps that HTML
here, in the default cache, as parts: each part records the versions of the tags it shows
(web/page_versions.py, the page cache's own store) and is served only while none of them
has moved, so a part is never staler than a cached page would be.

A part rendered inside an open transaction, or while a commit landed (the clock moved
between before the view's queries and after the render), is not stored: it may show rows
that were never committed or predate that commit. Staff never read or write parts (they
may see drafts), and with the page cache off (PAGE_CACHE=0) nobody does, so a fresh
render is always one setting away. Keys carry the release, so a deploy never serves old
HTML.

Used by the tactic page (tactics/fragments.py) and the source library (sources/views.py).
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import connections

from web.page_cache import release_id
from web.page_versions import CACHE_ALIAS, CLOCK, SITE, version_store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Part:
    """One stored part: its HTML pieces by name, the versions of the tags it shows, and
    any facts the view needs to finish the page without a query."""

    versions: dict
    html: dict
    facts: dict = field(default_factory=dict)

    @property
    def tags(self):
        return set(self.versions) - {SITE}


def enabled(request) -> bool:
    """May this request read and write parts? Never for staff, who may preview drafts."""
    if not settings.PAGE_CACHE_ENABLED:
        return False
    user = request.user
    return not (user.is_authenticated and user.is_staff)


def keys(kind, request, names, query=""):
    """The cache key of each named part of this page: scheme, host and path (a part may
    print the canonical URL), the query the view reads, and the release."""
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return {name: f"{kind}-{name}:{release_id()}:{digest}" for name in names}


def read(part_keys) -> dict:
    """The current stored parts by name ({name: key} in, {name: Part} out): none, some or
    all of them."""
    try:
        found = caches[CACHE_ALIAS].get_many(list(part_keys.values()))
        parts = {name: found[key] for name, key in part_keys.items() if key in found}
        if not parts:
            return {}
        tags = sorted({tag for part in parts.values() for tag in part.versions})
        current = version_store().read(tags)
    except Exception:
        logger.exception("Stored page parts unavailable; rendering in full")
        return {}
    # Each part against its own recorded versions: two parts may have recorded a shared
    # tag (site) at different times.
    return {
        name: part
        for name, part in parts.items()
        if all(current.get(tag) == version for tag, version in part.versions.items())
    }


def clock():
    """The clock before the view's queries, for `store`; None when parts cannot be stored."""
    try:
        return version_store().read([CLOCK])[CLOCK]
    except Exception:
        logger.exception("Stored page parts unavailable; rendering in full")
        return None


def store(started, entries, part_class=Part):
    """Keep parts rendered since `started` (what `clock` read): {key: (html, tags, facts)}."""
    if started is None:
        return
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        return  # what this render read may never be committed
    try:
        tags = {SITE}.union(*(part_tags for _html, part_tags, _facts in entries.values()))
        versions = version_store().read([*sorted(tags), CLOCK])
        if versions.pop(CLOCK) != started:
            return  # a commit landed during the render: the HTML may predate it
        parts = {
            key: part_class({tag: versions[tag] for tag in {SITE, *part_tags}}, html, facts)
            for key, (html, part_tags, facts) in entries.items()
        }
        caches[CACHE_ALIAS].set_many(parts, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("Could not store page parts")


def remember(name, tags, compute):
    """A value compute() works out from the database (a count, say), kept under `tags`
    by the same rules as a part and shared by every page that asks for it by `name`. The
    same for every visitor, so staff may use it too; with the page cache off, computed."""
    if not settings.PAGE_CACHE_ENABLED:
        return compute()
    key = f"value-{hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()}:{release_id()}"
    stored = read({name: key}).get(name)
    if stored is not None:
        return stored.facts["value"]
    started = clock()
    value = compute()
    store(started, {key: ({}, tags, {"value": value})})
    return value
