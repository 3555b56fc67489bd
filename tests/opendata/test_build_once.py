"""Simultaneous first downloads of a new data version build the dataset once: the others
wait for that build (opendata/files.py `build_once`), in one process (local memory) and
across workers (Redis). A builder that died holding the lock holds it only until the lock
expires.

The dataset build itself is replaced by a stand-in that counts its calls and can be held
mid-build, so the tests need no database and no real sleeping.
"""

import threading
import time

import pytest
from django.core.cache import caches

from opendata import files
from tests.production.conftest import redis_url  # noqa: F401  (a fixture)

SITE = "http://testserver"


class Builder:
    """Stands in for files.build: counts builds, and holds each one at the gate that was
    open for new builds when it started, until that gate is released."""

    def __init__(self):
        self.calls = 0
        self.started = threading.Event()
        self.gates = [threading.Event()]
        self._count = threading.Lock()

    def __call__(self, site_url):
        with self._count:
            self.calls += 1
            number, gate = self.calls, self.gates[-1]
        self.started.set()
        assert gate.wait(5), "the test never released the build"
        return files.Build(
            generated_at=None,
            data_modified=None,
            counts={"build": number},
            json_bytes=f"build {number}".encode(),
        )

    def release(self):
        self.gates[-1].set()

    def let_later_builds_through(self):
        """Builds that start from now on finish at once; the ones running stay held."""
        gate = threading.Event()
        gate.set()
        self.gates.append(gate)

    def release_all(self):
        for gate in self.gates:
            gate.set()


@pytest.fixture(params=["local-memory", "redis"])
def cache(request, settings, tmp_path):
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": request.getfixturevalue("redis_url"),
            }
        }
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


@pytest.fixture
def builder(monkeypatch):
    builder = Builder()
    monkeypatch.setattr(files, "build", builder)
    yield builder
    builder.release_all()


@pytest.fixture
def waiting(monkeypatch):
    """Set when a request starts waiting for another's build (its first poll)."""
    event = threading.Event()

    def pause(seconds):
        event.set()
        time.sleep(min(seconds, 0.05))

    monkeypatch.setattr(files, "sleep", pause)
    return event


def in_thread(results, name):
    def run():
        results[name] = files.current(SITE)
        caches["default"].close()  # this thread's own Redis connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_simultaneous_requests_for_one_version_build_it_once(cache, builder, waiting):
    results = {}
    first = in_thread(results, "first")
    assert builder.started.wait(5)
    second = in_thread(results, "second")
    assert waiting.wait(5), "the second request did not wait for the first build"
    builder.release()
    first.join(5)
    second.join(5)
    assert builder.calls == 1
    assert results["first"].json_bytes == results["second"].json_bytes == b"build 1"
    assert files.current(SITE).json_bytes == b"build 1"  # and it is kept for the next one
    assert builder.calls == 1


def test_a_lock_left_by_a_dead_builder_expires(cache, builder, waiting, monkeypatch):
    """The first builder hangs holding the lock (as one killed mid-build leaves it); the
    next request builds once the lock expires, long before its wait would give up."""
    lock_seconds = 1 if cache == "redis" else 0.2  # Redis counts whole seconds
    monkeypatch.setattr(files, "LOCK_SECONDS", lock_seconds)
    monkeypatch.setattr(files, "WAIT_SECONDS", 10)
    stuck = in_thread({}, "stuck")
    assert builder.started.wait(5)
    builder.let_later_builds_through()
    started = time.monotonic()
    result = files.current(SITE)
    assert time.monotonic() - started < lock_seconds + 1.5
    assert waiting.is_set()  # it found the lock taken, and waited for it to expire
    assert builder.calls == 2
    assert result.json_bytes == b"build 2"
    builder.release_all()
    stuck.join(5)


def test_a_waiter_that_waits_too_long_builds_anyway(cache, builder, waiting, monkeypatch):
    """A builder slower than WAIT_SECONDS (alive, so its lock stands) never turns a
    download into an error: the waiter builds the files itself."""
    monkeypatch.setattr(files, "WAIT_SECONDS", 0.2)
    slow = in_thread({}, "slow")
    assert builder.started.wait(5)
    builder.let_later_builds_through()
    result = files.current(SITE)
    assert waiting.is_set()
    assert builder.calls == 2
    assert result.json_bytes == b"build 2"
    builder.release_all()
    slow.join(5)
