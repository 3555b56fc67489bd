"""Score history is bounded: one snapshot per tactic per window, however many saves."""

import datetime

import pytest
from freezegun import freeze_time

from scoring.models import ScoreSnapshot
from scoring.services import recompute_tactics
from sources.choices import Position
from sources.models import Stance
from tactics.models import Tactic
from tests.factories import SourceFactory, StanceFactory, TacticFactory
from tests.tactics.html_tree import find, find_all, parse, text

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)


def test_a_storm_of_saves_leaves_one_snapshot_per_window(django_capture_on_commit_callbacks):
    tactic = TacticFactory()
    sources = [SourceFactory() for _ in range(120)]
    with freeze_time(START) as clock:
        # 120 transactions in two minutes, each flipping the grade.
        for number, source in enumerate(sources):
            with django_capture_on_commit_callbacks(execute=True):
                position = Position.IMPROVES if number % 2 else Position.NO_EFFECT
                StanceFactory(tactic=tactic, source=source, position=position)
            clock.tick(datetime.timedelta(seconds=1))
        [snapshot] = ScoreSnapshot.objects.filter(tactic=tactic)
        latest = Tactic.objects.get(pk=tactic.pk)
        assert (snapshot.score, snapshot.confidence, snapshot.direction) == (
            latest.evidence_score,
            latest.confidence,
            latest.direction,
        )
        assert snapshot.computed_at == START  # when the window opened
        assert snapshot.reason.startswith(f"Added: {sources[0].organisation.name}, 1,000 pages")
        assert snapshot.reason.endswith("more changes") and len(snapshot.reason) <= 200

        clock.tick(datetime.timedelta(minutes=10))
        with django_capture_on_commit_callbacks(execute=True):
            StanceFactory(tactic=tactic, position=Position.NO_EFFECT)
        assert ScoreSnapshot.objects.filter(tactic=tactic).count() == 2
        newest = ScoreSnapshot.objects.filter(tactic=tactic).first()
        assert newest.reason.startswith("Added: ") and "more" not in newest.reason


def test_the_bulk_path_merges_into_the_open_window_too(settings):
    settings.SCORE_SNAPSHOT_MINUTES = 10
    tactics = [TacticFactory() for _ in range(3)]
    with freeze_time(START) as clock:
        Stance.objects.bulk_create(
            Stance(tactic=t, source=SourceFactory(), position="improves", finding="f")
            for t in tactics
        )
        recompute_tactics([t.pk for t in tactics], reason="Bulk import")
        clock.tick(datetime.timedelta(minutes=3))
        Stance.objects.bulk_create(
            Stance(tactic=t, source=SourceFactory(), position="no_effect", finding="f")
            for t in tactics[:2]
        )
        recompute_tactics([t.pk for t in tactics], reason="Bulk import")
    snapshots = ScoreSnapshot.objects.order_by("tactic_id")
    assert snapshots.count() == 3
    first = snapshots[0]
    assert first.no_effect_count == 1 and first.reason == "Bulk import"


def test_a_window_of_zero_minutes_keeps_every_change(settings, django_capture_on_commit_callbacks):
    settings.SCORE_SNAPSHOT_MINUTES = 0
    tactic = TacticFactory()
    with freeze_time(START):
        for position in (Position.IMPROVES, Position.NO_EFFECT, Position.NO_EFFECT):
            with django_capture_on_commit_callbacks(execute=True):
                StanceFactory(tactic=tactic, position=position)
    assert ScoreSnapshot.objects.filter(tactic=tactic).count() == 3


def test_the_tactic_page_lists_the_latest_changes_and_why_in_plain_text(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SCORE_SNAPSHOT_MINUTES = 0
    tactic = TacticFactory()
    with freeze_time(START) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            StanceFactory(tactic=tactic, source=SourceFactory(organisation__name="Ahrefs"))
        clock.tick(datetime.timedelta(days=1))
        with django_capture_on_commit_callbacks(execute=True):
            StanceFactory(
                tactic=tactic, source=SourceFactory(organisation__name="Seer"), position="mixed"
            )
    response = client.get(tactic.get_absolute_url())
    section = find(parse(response.content), "section", cls="what-changed")
    items = [text(li) for li in find_all(section, "li", cls="what-changed__item")]
    latest = Tactic.objects.get(pk=tactic.pk)
    assert items[0].startswith("26 Nov 2026: ")
    assert f"{latest.evidence_score} out of 35" in items[0]
    assert items[0].endswith("Why: Added: Seer, 1,000 pages (mixed results).")
    assert items[1].startswith("25 Nov 2026: First graded")
    assert items[1].endswith("Why: Added: Ahrefs, 1,000 pages (found it helps).")
    times = find_all(section, "time")
    assert times[0].attrs["datetime"] == "2026-11-26T10:00:00+0000"
