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

PAGE_PARTS = ("title", "meta", "body")
RELATED_PARTS = ("related",)


@dataclass(frozen=True)
class Stored:
    """One stored part: its HTML pieces and the versions of the tags it shows."""

    versions: dict
    html: dict

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
    release = release_id()
    return f"tactic-page:{release}:{digest}", f"tactic-related:{release}:{digest}"


def read(request):
    """(html by part name, tags) when both parts are stored and current, else None."""
    keys = _keys(request)
    try:
        found = caches[CACHE_ALIAS].get_many(keys)
        if len(found) != len(keys):
            return None
        parts = [found[key] for key in keys]
        current = version_store().read(sorted({tag for part in parts for tag in part.versions}))
    except Exception:
        logger.exception("Tactic page parts unavailable; rendering in full")
        return None
    # Each part against its own recorded versions: two parts may have recorded a shared tag
    # (site) at different times.
    if any(current.get(tag) != version for part in parts for tag, version in part.versions.items()):
        return None
    html = {name: value for part in parts for name, value in part.html.items()}
    return html, set().union(*(part.tags for part in parts))


def clock():
    """The clock before the view's queries, for `store`; None when parts cannot be stored."""
    try:
        return version_store().read([CLOCK])[CLOCK]
    except Exception:
        logger.exception("Tactic page parts unavailable; rendering in full")
        return None


def store(request, started, html, page_tags, related_tags):
    """Keep the parts of a page rendered since `started` (the clock read by `clock`)."""
    if started is None:
        return
    if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
        return  # what this render read may never be committed
    page_tags = {SITE, *page_tags}
    related_tags = {SITE, *related_tags}
    try:
        versions = version_store().read([*sorted(page_tags | related_tags), CLOCK])
        if versions.pop(CLOCK) != started:
            return  # a commit landed during the render: the HTML may predate it
        page_key, related_key = _keys(request)
        caches[CACHE_ALIAS].set_many(
            {
                page_key: Stored(
                    {tag: versions[tag] for tag in page_tags},
                    {name: html[name] for name in PAGE_PARTS},
                ),
                related_key: Stored(
                    {tag: versions[tag] for tag in related_tags},
                    {name: html[name] for name in RELATED_PARTS},
                ),
            },
            settings.PAGE_CACHE_SECONDS,
        )
    except Exception:
        logger.exception("Could not store tactic page parts")
