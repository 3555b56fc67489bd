"""The repeated proxy purge (web/page_purge.py): a page rendered from the data before a
commit can reach the proxy just after that commit's purge, so the same tags are purged
again PAGE_CACHE_PURGE_REPEAT_SECONDS later, in the background, without slowing the save.

Most tests drive the repeater with a fake clock and no thread; the last ones run the real
background thread with delays of a fraction of a second."""

import threading
import time
from types import SimpleNamespace

import pytest

from tactics.models import KeyFinding
from tests.factories import KeyFindingFactory, TacticFactory
from web import page_purge

pytestmark = pytest.mark.django_db(transaction=True)

DELAY = 5


class FakeClock:
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now

    def at(self, now):
        self.now = now


@pytest.fixture
def versions(settings, tmp_path):
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")


@pytest.fixture
def tactics(versions):
    return TacticFactory.create_batch(4)


@pytest.fixture
def recorder():
    sent = []
    previous = page_purge.set_purger(lambda tags: sent.append(set(tags)))
    yield sent
    page_purge.set_purger(previous)


@pytest.fixture
def proxy(tactics, settings, recorder):
    """A proxy to purge, a recording purger and a repeater on a fake clock (created after
    the tactics, whose own creation purges nothing)."""
    settings.PAGE_CACHE_PURGE_URLS = ["http://varnish.test/"]
    settings.PAGE_CACHE_PURGE_REPEAT_SECONDS = DELAY
    clock = FakeClock()
    repeater = page_purge.Repeater(clock=clock)
    previous = page_purge.set_repeater(repeater)
    yield SimpleNamespace(sent=recorder, clock=clock, repeater=repeater)
    page_purge.set_repeater(previous)


def save_finding(tactic, text="A new key finding."):
    return KeyFindingFactory(tactic=tactic, text=text)


def test_a_commit_purges_its_tags_at_once_and_again_after_the_delay(proxy, tactics):
    tactic = tactics[0]
    save_finding(tactic)
    assert proxy.sent == [{f"tactic:{tactic.pk}"}]

    proxy.clock.at(1000.0 + DELAY - 0.01)
    assert proxy.repeater.run_due() == 0
    assert len(proxy.sent) == 1  # not before the delay: the racing page may not be there yet

    proxy.clock.at(1000.0 + DELAY)
    assert proxy.repeater.run_due() == 1
    assert proxy.sent == [{f"tactic:{tactic.pk}"}, {f"tactic:{tactic.pk}"}]

    proxy.clock.at(1000.0 + 10 * DELAY)
    assert proxy.repeater.run_due() == 0  # once more, not forever
    assert len(proxy.sent) == 2


def test_with_the_setting_at_0_a_commit_purges_once(proxy, tactics, settings):
    settings.PAGE_CACHE_PURGE_REPEAT_SECONDS = 0
    save_finding(tactics[0])
    assert proxy.sent == [{f"tactic:{tactics[0].pk}"}]
    assert proxy.repeater.pending() == {}
    proxy.clock.at(1000.0 + 10 * DELAY)
    assert proxy.repeater.run_due() == 0
    assert len(proxy.sent) == 1


def test_saves_within_one_window_share_one_repeat(proxy, tactics):
    first, second, third, later = tactics
    for now, tactic in ((1000.1, first), (1000.5, second), (1000.95, third), (1001.2, later)):
        proxy.clock.at(now)
        save_finding(tactic)
    assert len(proxy.sent) == 4  # every save purged at once, each with its own tags

    proxy.clock.at(1000.1 + DELAY + 0.5)  # the first save's delay is over, its window not
    assert proxy.repeater.run_due() == 0
    proxy.clock.at(1001.0 + DELAY)
    assert proxy.repeater.run_due() == 1
    assert proxy.sent[-1] == {f"tactic:{t.pk}" for t in (first, second, third)}

    proxy.clock.at(1002.0 + DELAY)
    assert proxy.repeater.run_due() == 1
    assert proxy.sent[-1] == {f"tactic:{later.pk}"}


def test_a_failing_purger_is_logged_and_the_save_kept(proxy, tactics, caplog):
    def refuse(tags):
        raise ConnectionRefusedError("the proxy is down")

    page_purge.set_purger(refuse)
    finding = save_finding(tactics[0], text="Kept although the proxy is down.")
    assert KeyFinding.objects.filter(pk=finding.pk, text__startswith="Kept").exists()
    proxy.clock.at(1000.0 + DELAY)
    assert proxy.repeater.run_due() == 1  # the repeat is a second chance, and fails too
    failures = [r for r in caplog.records if "The purger failed" in r.getMessage()]
    assert len(failures) == 2
    assert all("the proxy is down" in r.exc_text for r in failures)


# --- The background thread, on the real clock -------------------------------------------


@pytest.fixture
def live(settings, recorder):
    settings.PAGE_CACHE_PURGE_URLS = ["http://varnish.test/"]
    settings.PAGE_CACHE_PURGE_REPEAT_SECONDS = 0.2
    repeater = page_purge.Repeater(window=0.05).start()
    previous = page_purge.set_repeater(repeater)
    yield SimpleNamespace(sent=recorder, repeater=repeater)
    repeater.close()
    page_purge.set_repeater(previous)


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_the_save_does_not_wait_for_the_repeat(live):
    started = time.monotonic()
    page_purge.purge({"tactic:1"})
    returned = time.monotonic() - started
    assert live.sent == [{"tactic:1"}]
    assert returned < 0.1
    assert wait_for(lambda: len(live.sent) == 2)
    assert time.monotonic() - started >= 0.2
    assert live.sent[1] == {"tactic:1"}


def test_a_storm_of_saves_takes_one_thread_and_few_repeats(live):
    threads = threading.active_count()
    tags = [{f"tactic:{number}", "tactic-list"} for number in range(300)]
    for each in tags:
        page_purge.purge(each)
    assert len(live.sent) == 300
    assert wait_for(lambda: not live.repeater.pending() and len(live.sent) > 300)
    repeats = live.sent[300:]
    # 300 saves within a few milliseconds fall in one or two 50 ms windows.
    assert 1 <= len(repeats) <= 2
    assert set().union(*repeats) == set().union(*tags)
    assert threading.active_count() == threads


def test_the_thread_survives_a_failing_purger(live, caplog):
    calls = []

    def flaky(tags):
        calls.append(set(tags))
        if len(calls) <= 2:  # the first purge and its repeat
            raise TimeoutError("the proxy is slow")

    page_purge.set_purger(flaky)
    page_purge.purge({"tactic:1"})
    assert wait_for(lambda: len(calls) == 2)
    page_purge.purge({"tactic:2"})
    assert wait_for(lambda: len(calls) == 4)
    assert calls == [{"tactic:1"}, {"tactic:1"}, {"tactic:2"}, {"tactic:2"}]
    assert "the proxy is slow" in caplog.text


def test_an_exiting_process_sends_its_pending_repeats_first(live):
    page_purge.purge({"source:7"})
    assert live.repeater.pending()
    page_purge._send_pending_at_exit()  # what atexit runs: a command that saved, then ends
    assert live.sent == [{"source:7"}, {"source:7"}]
    assert not live.repeater.pending()
