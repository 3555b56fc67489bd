"""The visitor-independent parts of a tactic page, rendered once and reused.

A tactic page the page cache cannot answer (a visitor with a session or messages cookie,
a page it has just dropped) costs a full render: about 24 ms of CPU, two-thirds of it in
the template engine. Nearly all of that HTML is the same for every visitor: the head,
and everything inside <article> except the draft banner. So the view keeps two parts in
the default cache, keyed like the page cache (scheme, host and path: the head prints the
canonical URL):

- the page part (title, head, body) under the tactic's own tags: the tactic and each
  source it prints;
- the related cards under the tags of what ranks and prints them: related:<id>,
  category:<id> and summary:<id> of each card.

Together they are exactly the tags the page declares (views/detail.py `page_tags`), read
from the page cache's version store (web/page_versions.py): each part records its tags'
versions and is served only while none has moved, so a part is never staler than a cached
page would be. A part rendered inside an open transaction, or while a commit landed (the
clock tag moved between before the view's queries and after the render), is not stored:
it may show rows that were never committed or predate that commit.

Staff never read or write parts (they may see drafts, and a draft is never stored); with
the page cache off (PAGE_CACHE=0) neither happens either, so a fresh render is always one
setting away. Parts are keyed by the release too, so a deploy never serves old HTML.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import connections

from web.page_cache import release_id
from web.page_versions import CACHE_ALIAS, CLOCK, SITE, version_store

logger = logging.getLogger(__name__)

PAGE, RELATED = "page", "related"


@dataclass(frozen=True)
class Stored:
    """One stored part: its HTML pieces and the versions of the tags it shows. The page
    part also keeps its tactic's id and category, which rank the related cards."""

    versions: dict
    html: dict
    tactic_id: int | None = None
    category_id: int | None = None

    @property
    def tags(self):
        return set(self.versions) - {SITE}


def enabled(request) -> bool:
    """May this request read and write parts? Never for staff, who may preview drafts."""
    if not settings.PAGE_CACHE_ENABLED:
        return False
    user = request.user
    return not (user.is_authenticated and user.is_staff)


def _keys(request):
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return {name: f"tactic-{name}:{release_id()}:{digest}" for name in (PAGE, RELATED)}


def read(request) -> dict:
    """The current stored parts of this page by name (PAGE, RELATED): none, one or both."""
    keys = _keys(request)
    try:
        found = caches[CACHE_ALIAS].get_many(list(keys.values()))
        parts = {name: found[key] for name, key in keys.items() if key in found}
        if not parts:
            return {}
        tags = sorted({tag for part in parts.values() for tag in part.versions})
        current = version_store().read(tags)
    except Exception:
        logger.exception("Tactic page parts unavailable; rendering in full")
        return {}
    # Each part against its own recorded versions: the two may have recorded a shared tag
    # (site) at different times.
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
        logger.exception("Tactic page parts unavailable; rendering in full")
        return None


def store(request, started, parts):
    """Keep parts rendered since `started` (the clock `clock` read): {name: (html, tags,
    extra fields of Stored)}."""
    if started is None:
        return
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        return  # what this render read may never be committed
    try:
        tags = {SITE}.union(*(part_tags for _html, part_tags, _extra in parts.values()))
        versions = version_store().read([*sorted(tags), CLOCK])
        if versions.pop(CLOCK) != started:
            return  # a commit landed during the render: the HTML may predate it
        keys = _keys(request)
        entries = {
            keys[name]: Stored({tag: versions[tag] for tag in {SITE, *part_tags}}, html, **extra)
            for name, (html, part_tags, extra) in parts.items()
        }
        caches[CACHE_ALIAS].set_many(entries, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.exception("Could not store tactic page parts")
