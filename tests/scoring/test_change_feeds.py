"""Atom feeds of grade changes, site-wide and per tactic: what a feed reader shows (parsed
with feedparser, which flags malformed feeds as `bozo`), and that drafts never appear."""

import datetime
import time
from decimal import Decimal
from html import unescape

import feedparser
import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from freezegun import freeze_time

from scoring.models import ScoreSnapshot
from sources.choices import Position
from tactics.choices import Status
from tests.factories import OrganisationFactory, SourceFactory, StanceFactory, TacticFactory
from web import page_cache as page_cache_module

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SITE_FEED = "/changes/feed.atom"


def snapshot(tactic, days, score, confidence, direction="leans_works", reason="Evidence changed"):
    return ScoreSnapshot.objects.create(
        tactic=tactic,
        score=Decimal(score),
        confidence=confidence,
        direction=direction,
        computed_at=START + datetime.timedelta(days=days),
        reason=reason,
    )


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def world():
    """A published tactic with three grades, another with one, and a draft with one."""
    statistics = TacticFactory(slug="statistics", question="Do statistics get pages cited?")
    snapshot(statistics, 0, "8.0", "low", "mixed", "Added: Ahrefs, 75,000 brands (found it helps)")
    snapshot(statistics, 5, "14.5", "medium", reason="Added: Princeton, 10,000 queries")
    snapshot(statistics, 9, "11.0", "medium", reason="Withdrawn: Ahrefs (see the corrections log)")
    quotes = TacticFactory(slug="quotes", question="Do quotations get pages cited?")
    snapshot(quotes, 7, "20.0", "high", "works", "Loaded from a data file")
    draft = TacticFactory(slug="secret", question="Does a secret trick work?", status=Status.DRAFT)
    snapshot(draft, 8, "30.0", "high", "works", "Added: an unpublished study")
    return statistics, quotes, draft


def test_the_site_feed_lists_every_published_change_newest_first(client, world):
    feed = read(client, SITE_FEED)
    assert feed.feed.title == "GEO Evidence: grade changes"
    assert [entry.title for entry in feed.entries] == [
        "Do statistics get pages cited? Score down from 14.5 to 11.0 out of 35, "
        "confidence still medium",
        "Do quotations get pages cited? First graded: 20.0 out of 35, high confidence",
        "Do statistics get pages cited? Score up from 8.0 to 14.5 out of 35, "
        "confidence raised from low to medium",
        "Do statistics get pages cited? First graded: 8.0 out of 35, low confidence",
    ]
    newest = feed.entries[0]
    assert newest.summary == (
        "Score down from 14.5 to 11.0 out of 35, confidence still medium. The evidence says: "
        "probably works. Why: Withdrawn: Ahrefs (see the corrections log)."
    )
    assert newest.link == "http://testserver/tactics/statistics/#what-changed"
    assert newest.updated_parsed == time.struct_time((2026, 3, 11, 9, 0, 0, 2, 70, 0))
    assert feed.feed.updated_parsed == newest.updated_parsed


def test_a_drafts_changes_never_appear(client, world):
    feed = read(client, SITE_FEED)
    assert not [e for e in feed.entries if "secret" in e.title.lower() or "30.0" in e.title]
    assert client.get(reverse("changes:tactic_feed", kwargs={"slug": "secret"})).status_code == 404


def test_a_draft_published_later_brings_its_history(client, world):
    *_, draft = world
    draft.status = Status.PUBLISHED
    draft.save()
    titles = [entry.title for entry in read(client, SITE_FEED).entries]
    assert "Does a secret trick work? First graded: 30.0 out of 35, high confidence" in titles


def test_entry_ids_are_unique_and_survive_a_renamed_slug(client, world):
    statistics, *_ = world
    before = [entry.id for entry in read(client, SITE_FEED).entries]
    assert len(set(before)) == len(before) == 4
    assert all(entry_id.startswith("urn:uuid:") for entry_id in before)
    statistics.slug = "numbers"
    statistics.save()
    after = read(client, SITE_FEED).entries
    assert [entry.id for entry in after] == before
    assert after[0].link == "http://testserver/tactics/numbers/#what-changed"


def test_the_tactic_feed_shows_only_that_tactic(client, world):
    url = reverse("changes:tactic_feed", kwargs={"slug": "statistics"})
    feed = read(client, url)
    assert feed.feed.title == "GEO Evidence: grade changes of “Do statistics get pages cited?”"
    assert feed.feed.link == "http://testserver/tactics/statistics/#what-changed"
    assert [entry.title for entry in feed.entries] == [
        "Score down from 14.5 to 11.0 out of 35, confidence still medium",
        "Score up from 8.0 to 14.5 out of 35, confidence raised from low to medium",
        "First graded: 8.0 out of 35, low confidence",
    ]
    assert "The evidence now says: probably works (was: mixed)" in feed.entries[1].summary
    self_link = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_link == ["http://testserver/changes/statistics.atom"]


def test_an_unknown_tactic_feed_is_a_404(client):
    assert client.get("/changes/no-such-tactic.atom").status_code == 404


def test_an_ungraded_tactic_has_a_valid_empty_feed(client):
    TacticFactory(slug="fresh")
    assert read(client, "/changes/fresh.atom").entries == []


def test_what_researchers_typed_is_escaped_and_reads_back_intact(client):
    tactic = TacticFactory(slug="ampersand", question="Do <b>bold</b> claims & lists help?")
    snapshot(tactic, 0, "5.0", "low", reason="Added: Smith & Co <Labs>, 300 pages")
    [entry] = read(client, "/changes/ampersand.atom").entries
    # The summary is HTML: a reader shows the text as typed, not a <labs> element.
    assert entry.summary_detail.type == "text/html"
    assert entry.summary.endswith("Why: Added: Smith &amp; Co &lt;Labs&gt;, 300 pages.")
    assert unescape(entry.summary).endswith("Why: Added: Smith & Co <Labs>, 300 pages.")
    assert read(client, SITE_FEED).entries[0].title.startswith("Do <b>bold</b> claims & lists")


def test_the_feeds_cost_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    statistics, *_ = world
    for day in range(10, 70):
        snapshot(statistics, day, f"{day % 30}.0", "low")
    with django_assert_max_num_queries(1):
        assert len(read(client, SITE_FEED).entries) == 30
    with django_assert_max_num_queries(2):  # the tactic, then its changes
        assert len(read(client, "/changes/statistics.atom").entries) == 30


def test_several_saves_in_one_window_make_one_entry_with_the_merged_reason(
    client, django_capture_on_commit_callbacks
):
    tactic = TacticFactory(slug="merged")
    first = SourceFactory(organisation=OrganisationFactory(name="Ahrefs"))
    second = SourceFactory(organisation=OrganisationFactory(name="Princeton"))
    urls = (SITE_FEED, "/changes/merged.atom")
    with freeze_time(START) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            StanceFactory(tactic=tactic, source=first, position=Position.IMPROVES)
        fetched_before = {url: read(client, url) for url in urls}  # a reader polls
        clock.tick(datetime.timedelta(minutes=3))
        with django_capture_on_commit_callbacks(execute=True):
            StanceFactory(tactic=tactic, source=second, position=Position.NO_EFFECT)
    assert ScoreSnapshot.objects.filter(tactic=tactic).count() == 1
    for url in urls:
        feed = read(client, url)
        [entry] = feed.entries
        summary = entry.summary
        assert summary.count("Added: Ahrefs, 1,000 pages (found it helps)") == 1
        assert summary.count("Added: Princeton, 1,000 pages (found no effect)") == 1
        assert summary.count("Why:") == 1
        # Atom: a reader replaces an entry it holds when the same id comes with a later
        # <updated>; with the old date it would keep showing the text without Princeton.
        [before] = fetched_before[url].entries
        assert "Princeton" not in before.summary
        assert entry.id == before.id
        assert entry.published_parsed[:5] == (2026, 3, 2, 9, 0)  # when the window opened
        assert before.updated_parsed[:5] == (2026, 3, 2, 9, 0)
        assert entry.updated_parsed[:5] == (2026, 3, 2, 9, 3)  # when the merge landed
        assert feed.feed.updated_parsed[:5] == (2026, 3, 2, 9, 3), url


# --- The page cache: a grade change reaches both feeds at once ---------------------------

CACHED_FEEDS = ["changes:feed", "changes:tactic_feed"]


@pytest.fixture
def page_cache(settings, tmp_path):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
    caches["default"].clear()
    yield
    caches["default"].clear()


def fresh_render(client, settings, url):
    settings.PAGE_CACHE_ENABLED = False
    try:
        return client.get(url)
    finally:
        settings.PAGE_CACHE_ENABLED = True


def cached_twice(client, urls):
    for url in urls:
        client.get(url)
        assert client.get(url)[page_cache_module.HEADER] == "hit", url


def new_study(tactic, organisation, position):
    # Committed for real (no surrounding transaction): the recompute and the page cache's
    # invalidation run as they do after an editor's save.
    source = SourceFactory(organisation=OrganisationFactory(name=organisation))
    StanceFactory(tactic=tactic, source=source, position=position)


@pytest.mark.django_db(transaction=True)
@override_settings(PAGE_CACHE_VIEWS=CACHED_FEEDS)
def test_a_grade_change_shows_in_both_feeds_at_once(client, settings, page_cache):
    state = page_cache_module.HEADER
    with freeze_time(START) as clock:
        statistics = TacticFactory(slug="statistics")
        new_study(statistics, "Ahrefs", Position.IMPROVES)
        bystander = TacticFactory(slug="bystander")
        new_study(bystander, "Semrush", Position.IMPROVES)
        own, other = "/changes/statistics.atom", "/changes/bystander.atom"
        cached_twice(client, [SITE_FEED, own, other])

        # A new grade, after the merge window: a new entry at the top of both feeds.
        clock.tick(datetime.timedelta(minutes=30))
        new_study(statistics, "Princeton", Position.NO_EFFECT)
        for url in (SITE_FEED, own):
            response = client.get(url)
            assert response[state] == "miss", url
            assert response.content == fresh_render(client, settings, url).content, url
            newest = feedparser.parse(response.content).entries[0]
            assert "Princeton, 1,000 pages (found no effect)" in newest.summary, url
        assert client.get(other)[state] == "hit"  # another tactic's feed is untouched

        # Inside the window the same entry changes: its readers must not keep the old text.
        cached_twice(client, [SITE_FEED, own])
        clock.tick(datetime.timedelta(minutes=2))
        new_study(statistics, "Bing", Position.WORSENS)
        for url in (SITE_FEED, own):
            response = client.get(url)
            assert response[state] == "miss", url
            assert response.content == fresh_render(client, settings, url).content, url
            newest = feedparser.parse(response.content).entries[0]
            assert "Princeton" in newest.summary and "Bing" in newest.summary, url


@pytest.mark.django_db(transaction=True)
@override_settings(PAGE_CACHE_VIEWS=CACHED_FEEDS)
def test_unpublishing_takes_a_tactics_changes_out_of_the_cached_feeds(client, page_cache):
    tactic = TacticFactory(slug="statistics", question="Do statistics get pages cited?")
    new_study(tactic, "Ahrefs", Position.IMPROVES)
    own = "/changes/statistics.atom"
    cached_twice(client, [SITE_FEED, own])
    assert "Do statistics" in read(client, SITE_FEED).entries[0].title

    tactic.refresh_from_db()
    tactic.status = Status.DRAFT
    tactic.save()
    assert read(client, SITE_FEED).entries == []
    assert client.get(own).status_code == 404
