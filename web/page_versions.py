"""Where the page cache keeps the version of each tag, so that every worker sees a bump.

A cached page records the version of every tag it shows (read after rendering) and is
served only while each of them is unchanged; invalidating a tag increments its version.
Versions only ever grow, so two workers bumping the same tag at once can never set it back
to a value a stored page recorded.

The clock is one more version, bumped before the tags of every invalidation. A render
reads it before its view queries the database and again with its tags afterwards: if it
moved, a commit happened while the page was being rendered, and the page may show data
older than that commit, so it is served but not stored.

Two stores:
- A shared cache (Redis): one key per tag, `page-tag:<tag>`, an integer incremented
  atomically (INCR). We chose versioned keys over Redis sets of page keys: a set has to be
  read and every page in it deleted at invalidation, and a page stored just after that
  deletion escapes it; a version check costs one MGET per hit and cannot miss a page
  stored concurrently. An evicted tag restarts at the clock time in nanoseconds, above any
  earlier value, so pages that recorded the old one become misses.
- Local memory (the zero-setup default, one cache per worker): one file per tag whose
  modification time in nanoseconds is the version; every worker on the machine stats the
  same files. The `site` tag is PAGE_CACHE_VERSION_FILE itself (backup scripts bump it);
  the others live in a folder beside it.
"""

import fcntl
import functools
import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed

CACHE_ALIAS = "default"
SITE = "site"  # carried by every page: bumping it empties the cache
CLOCK = "clock"  # carried by no page: moves on every invalidation (see above)
VALID_TAG = re.compile(r"^[a-z][a-z-]*(:[0-9]+)?$")


class FileVersions:
    """Versions as file modification times: one stat() per tag, shared by all workers.

    Paths are plain strings: a tactic page carries ~40 tags, and building a pathlib.Path
    for each on every cache hit cost more than the stat() calls themselves."""

    def __init__(self, site_file):
        self.site_file = os.fspath(site_file)
        self.folder = self.site_file + ".tags"
        self._prefix = self.folder + os.sep

    def _path(self, tag):
        return self.site_file if tag == SITE else self._prefix + tag

    def read(self, tags=(SITE,)):
        versions = {}
        for tag in tags:
            path = self._path(tag)
            try:
                versions[tag] = os.stat(path).st_mtime_ns
            except FileNotFoundError:
                self._bump_one(path)
                versions[tag] = os.stat(path).st_mtime_ns
        return versions

    def bump(self, tags=(CLOCK, SITE)):
        for tag in tags:
            self._bump_one(self._path(tag))

    def _bump_one(self, path):
        if path != self.site_file:
            os.makedirs(self.folder, exist_ok=True)
        # The lock makes read-then-set atomic between processes, so the version strictly
        # increases even when two workers bump within the same clock tick.
        with open(path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                old = os.fstat(handle.fileno()).st_mtime_ns
                new = max(time.time_ns(), old + 1)
                os.utime(path, ns=(new, new))
                if os.stat(path).st_mtime_ns <= old:
                    # A file system with coarse timestamps rounded the change away.
                    new = old + 1_000_000_000
                    os.utime(path, ns=(new, new))
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class CacheVersions:
    """Versions as integer keys in the shared cache, read in one round trip."""

    prefix = "page-tag:"

    def read(self, tags=(SITE,)):
        cache = caches[CACHE_ALIAS]
        keys = {self.prefix + tag: tag for tag in tags}
        found = cache.get_many(list(keys))
        missing = [key for key in keys if key not in found]
        if missing:
            start = time.time_ns()
            for key in missing:
                cache.add(key, start, timeout=None)
            found.update(cache.get_many(missing))
        return {keys[key]: value for key, value in found.items()}

    def bump(self, tags=(CLOCK, SITE)):
        cache = caches[CACHE_ALIAS]
        for tag in tags:
            try:
                cache.incr(self.prefix + tag)
            except ValueError:  # evicted or never read: restart above any earlier value
                cache.set(self.prefix + tag, time.time_ns(), timeout=None)


def is_per_process():
    backend = settings.CACHES[CACHE_ALIAS]["BACKEND"]
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
    """The store this process uses; `version_store().bump()` empties the page cache."""
    if is_per_process():
        return FileVersions(version_file())
    return CacheVersions()


def _clear_memo(setting, **kwargs):
    if setting in ("CACHES", "PAGE_CACHE_VERSION_FILE", "DATABASES"):
        version_store.cache_clear()


setting_changed.connect(_clear_memo, dispatch_uid="page_versions.clear_memo")
