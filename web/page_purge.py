"""Purging a reverse proxy (Varnish with the xkey vmod, or a CDN) by tag after a commit.

Each cached page carries its tags in an `xkey` header; when tags are invalidated, every
base URL in PAGE_CACHE_PURGE_URLS receives `PURGE /` with `xkey-purge: <tags>` (space
separated), and the proxy drops every object that carries any of them. A purge that fails
is logged and never raised: the user's save is committed, and the proxy keeps a page at
most s-maxage seconds (PAGE_CACHE_PROXY_SECONDS).

The repeat: a worker that read the database just before a commit can hand its page to the
proxy just after that commit's purge, and the proxy would keep that old page until
s-maxage. So the same tags are purged once more PAGE_CACHE_PURGE_REPEAT_SECONDS later (0:
never), which also retries a purge that failed because the proxy was briefly away. The
save never waits for it: one background thread per process sends the repeats, and repeats
falling due within the same WINDOW go out as one purge, so a storm of saves costs one
purge a second rather than a thread per save. A process that exits with repeats pending
(a management command that saved) waits for them first, at most the delay plus a little.
"""

import atexit
import logging
import math
import os
import threading
import time
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT = 2  # seconds per request: a save waits at most this per proxy
# Varnish refuses request headers above 8 KB by default: long tag lists go in several.
MAX_HEADER = 4000
WINDOW = 1.0  # seconds: repeats due within one window are sent as one purge
MAX_EXIT_WAIT = 30  # seconds: an exiting process waits for its last repeats, never minutes


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


def _send(purger, tags):
    if tags and settings.PAGE_CACHE_PURGE_URLS:
        try:
            purger(tags)
        except Exception:
            logger.exception("The purger failed; the proxy may serve old pages until s-maxage")


def purge(tags):
    """Purge the tags now (the caller waits, at most TIMEOUT per proxy) and once more
    after PAGE_CACHE_PURGE_REPEAT_SECONDS in the background."""
    if not tags or not settings.PAGE_CACHE_PURGE_URLS:
        return
    # The repeat goes through the purger of the first purge, even if it is replaced
    # meanwhile (a test's recorder must not receive another test's repeat).
    purger = _purger
    _send(purger, tags)
    delay = settings.PAGE_CACHE_PURGE_REPEAT_SECONDS
    if delay > 0:
        try:
            repeater().schedule(purger, tags, delay)
        except Exception:
            logger.exception("Could not schedule the repeated purge of %s", " ".join(tags))


def set_purger(purger):
    """Replace the purger (tests record the tags instead of sending them); returns the
    previous one, to put back."""
    global _purger
    previous, _purger = _purger, purger
    return previous


class Repeater:
    """Repeated purges waiting for their time, grouped by WINDOW-long slots.

    `schedule` only records (no I/O, no wait); `run_due` sends what is due by `clock`.
    `start` runs `run_due` in a daemon thread whenever something falls due; without it
    (tests, with a fake clock) the caller runs `run_due` itself."""

    def __init__(self, clock=time.monotonic, window=WINDOW):
        self.clock, self.window = clock, window
        self._due = {}  # (slot, purger) -> tags
        self._changed = threading.Condition()
        self._sending = self._closed = False
        self.running = False

    def schedule(self, purger, tags, delay):
        # Rounding up keeps every repeat at least `delay` after its own first purge.
        slot = math.ceil((self.clock() + delay) / self.window)
        with self._changed:
            self._due.setdefault((slot, purger), set()).update(tags)
            self._changed.notify_all()

    def pending(self):
        """The tags still waiting, per time they fall due."""
        with self._changed:
            return {slot * self.window: set(tags) for (slot, _), tags in self._due.items()}

    def _wait_time(self):
        if not self._due:
            return None
        return min(slot for slot, _ in self._due) * self.window - self.clock()

    def run_due(self):
        """Send every repeat whose time has come; returns how many purges were sent."""
        with self._changed:
            now = self.clock()
            due = [key for key in self._due if key[0] * self.window <= now]
            batches = {}
            for key in due:
                batches.setdefault(key[1], set()).update(self._due.pop(key))
            self._sending = bool(batches)
        try:
            for purger, tags in batches.items():
                _send(purger, tags)
        finally:
            with self._changed:
                self._sending = False
                self._changed.notify_all()
        return len(batches)

    def start(self):
        threading.Thread(target=self._loop, name="page-purge-repeat", daemon=True).start()
        self.running = True
        return self

    def _loop(self):
        while True:
            with self._changed:
                wait = self._wait_time()
                while not self._closed and (wait is None or wait > 0):
                    self._changed.wait(wait)
                    wait = self._wait_time()
                if self._closed:
                    self.running = False
                    return
            self.run_due()

    def close(self):
        """Stop the thread; repeats still waiting are dropped."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def drain(self, timeout):
        """Wait until every repeat has been sent (by the thread), at most `timeout`
        seconds; True when none is left."""
        deadline = self.clock() + timeout
        with self._changed:
            while self._due or self._sending:
                remaining = deadline - self.clock()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True


_repeater = None
_repeater_lock = threading.Lock()


def repeater():
    """This process's repeater, started on first use (no thread in a process that never
    purges)."""
    global _repeater
    with _repeater_lock:
        if _repeater is None:
            _repeater = Repeater().start()
        return _repeater


def set_repeater(new):
    """Replace the repeater (tests pass one with a fake clock and no thread); returns the
    previous one, to put back."""
    global _repeater
    with _repeater_lock:
        previous, _repeater = _repeater, new
    return previous


def _forget_parent_repeater():
    # A forked child (a gunicorn worker) has the parent's queue but not its thread: it
    # starts its own, and the parent sends what it scheduled.
    global _repeater, _repeater_lock
    _repeater, _repeater_lock = None, threading.Lock()


def _send_pending_at_exit():
    current = _repeater
    # Without purge URLs a repeat would send nothing (a test's settings are put back).
    if current is None or not current.running or not settings.PAGE_CACHE_PURGE_URLS:
        return
    delay = settings.PAGE_CACHE_PURGE_REPEAT_SECONDS + current.window
    wait = min(delay, MAX_EXIT_WAIT) + TIMEOUT * len(settings.PAGE_CACHE_PURGE_URLS)
    if not current.drain(wait):
        logger.warning("Exited before the repeated purge of %s", current.pending())


os.register_at_fork(after_in_child=_forget_parent_repeater)
atexit.register(_send_pending_at_exit)
