"""Purging a reverse proxy (Varnish with the xkey vmod, or a CDN) by tag after a commit.

Each cached page carries its tags in an `xkey` header; when tags are invalidated, every
base URL in PAGE_CACHE_PURGE_URLS receives `PURGE /` with `xkey-purge: <tags>` (space
separated), and the proxy drops every object that carries any of them. A purge that fails
is logged and never raised: the user's save is committed, and the proxy keeps a page at
most s-maxage seconds (PAGE_CACHE_PROXY_SECONDS).
"""

import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT = 2  # seconds per request: a save waits at most this per proxy
# Varnish refuses request headers above 8 KB by default: long tag lists go in several.
MAX_HEADER = 4000


def _chunks(tags):
    chunk, size = [], 0
    for tag in sorted(tags):
        if chunk and size + len(tag) + 1 > MAX_HEADER:
            yield chunk
            chunk, size = [], 0
        chunk.append(tag)
        size += len(tag) + 1
    if chunk:
        yield chunk


def http_purge(tags):
    """Send the purges; the default purger."""
    for base in settings.PAGE_CACHE_PURGE_URLS:
        for chunk in _chunks(tags):
            request = urllib.request.Request(  # noqa: S310 (URLs come from our settings)
                base.rstrip("/") + "/", method="PURGE", headers={"xkey-purge": " ".join(chunk)}
            )
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                    response.read()
            except Exception as error:  # noqa: BLE001 (any failure: log it, keep the save)
                logger.warning("Could not purge %s at %s: %s", " ".join(chunk), base, error)


_purger = http_purge


def purge(tags):
    if tags and settings.PAGE_CACHE_PURGE_URLS:
        try:
            _purger(tags)
        except Exception:
            logger.exception("The purger failed; the proxy may serve old pages until s-maxage")


def set_purger(purger):
    """Replace the purger (tests record the tags instead of sending them); returns the
    previous one, to put back."""
    global _purger
    previous, _purger = _purger, purger
    return previous
