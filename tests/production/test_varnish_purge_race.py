"""The purge race against a real Varnish: a visitor's page rendered from the data before a
save reaches the cache only after that save's purge.

Reproduced on demand: a relay between Varnish and gunicorn (varnish_server.HeldBackend)
keeps the visitor's response, already rendered by gunicorn, while a separate process saves
and purges; then it lets the old page through. The shipped VCL refuses to store a page
whose fetch began before the last purge, so Varnish alone is safe; a cache without that
rule (a CDN, here the same VCL without it) stores the old page, and only the repeated
purge (PAGE_CACHE_PURGE_REPEAT_SECONDS, sent by the process that saved) removes it before
s-maxage (24 h). Needs varnishd; CI installs it."""

import threading
import time

import pytest

from tests.production.varnish_server import Stack

SETUP = """
from tests.factories import StanceFactory
stances = [
    StanceFactory(tactic__slug=f"raced-{number}", finding="The finding before the save.")
    for number in range(3)
]
emit([stance.pk for stance in stances])
"""

EDIT = """
from sources.models import Stance
stance = Stance.objects.get(pk={pk})
stance.finding = "The finding after the save."
stance.save()
emit("saved")  # save() returns after the commit and its first purge
"""

OLD, NEW = "The finding before the save.", "The finding after the save."
REPEAT = 2  # seconds: the writer's repeated purge in these tests


def stack(tmp_path_factory, name, **options):
    return Stack(tmp_path_factory.mktemp(name), held=True, **options)


@pytest.fixture(scope="module")
def varnish(tmp_path_factory):
    """The shipped VCL."""
    with stack(tmp_path_factory, "race-varnish") as site:
        site.stances = site.django(SETUP)
        yield site


@pytest.fixture(scope="module")
def cdn(tmp_path_factory):
    """A cache that stores whatever arrives with `public`, as a CDN does."""
    with stack(tmp_path_factory, "race-cdn", in_flight_guard=False) as site:
        site.stances = site.django(SETUP)
        yield site


def race(site, number, repeat):
    """A visitor asks for tactic `number`'s page; gunicorn renders it from the data before
    the save; the save commits and purges; only then does the page reach Varnish. Returns
    what the visitor got and the writer process (still sending its repeat, if any)."""
    path = f"/tactics/raced-{number}/"
    held = site.backend.hold(path)
    got = {}
    visitor = threading.Thread(target=lambda: got.update(page=site.get(path)))
    visitor.start()
    assert held.rendered.wait(20), "gunicorn never answered the visitor's fetch"
    writer = site.start_django(
        EDIT.format(pk=site.stances[number]), PAGE_CACHE_PURGE_REPEAT_SECONDS=str(repeat)
    )
    saved = site.until_emitted(writer)
    assert saved == "saved", writer.stdout.read()
    held.release.set()
    visitor.join(20)
    page = got["page"]
    assert page.status == 200 and page.cache == "miss"
    assert OLD in page.text  # rendered before the save: the race is on
    return path, writer


def test_the_shipped_vcl_does_not_keep_a_page_fetched_across_a_purge(varnish):
    path, writer = race(varnish, 0, repeat=0)
    with writer:
        after = varnish.get(path)
    assert after.cache == "miss"
    assert NEW in after.text and OLD not in after.text


def test_a_cache_without_that_rule_keeps_the_old_page_until_the_repeated_purge(cdn):
    path, writer = race(cdn, 1, repeat=REPEAT)
    with writer:
        stale = cdn.get(path)
        # Stored after the first purge: the race, reproduced.
        assert stale.cache == "hit" and OLD in stale.text
        writer.wait(timeout=30)  # the writer exits once its repeat has been sent
    assert writer.returncode == 0
    fresh = cdn.get(path)
    assert fresh.cache == "miss"
    assert NEW in fresh.text and OLD not in fresh.text
    assert cdn.get(path).cache == "hit"


def test_without_the_repeat_the_old_page_stays(cdn):
    path, writer = race(cdn, 2, repeat=0)
    with writer:
        writer.wait(timeout=30)
    time.sleep(REPEAT + 1)  # longer than the repeat would have taken
    stale = cdn.get(path)
    assert stale.cache == "hit"
    assert OLD in stale.text and NEW not in stale.text
