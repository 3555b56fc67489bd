"""No window between a save and its recompute: a durable note in the same transaction, a
drain on commit, and the sweep that repairs what a crash left behind."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

import scoring.services
from scoring.counterfactual import grade
from scoring.models import PendingRecompute, RecomputeRun
from scoring.services import load_inputs, recompute_pending, recompute_tactic
from sources.choices import Method, Position
from sources.models import Source, Stance
from tactics.models import Tactic
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=datetime.UTC)


def fresh(tactic):
    """What the engine says now, from the committed stances."""
    inputs, _ = load_inputs([tactic.pk])
    return grade(inputs[tactic.pk], datetime.date(2026, 11, 25))


def stored(tactic):
    return Tactic.objects.get(pk=tactic.pk)


def pending_ids():
    return sorted(PendingRecompute.objects.values_list("tactic_id", flat=True))


def test_a_crash_after_commit_leaves_a_note_that_the_sweep_repairs(
    django_capture_on_commit_callbacks,
):
    with freeze_time(NOW) as clock:
        tactic = TacticFactory()
        with django_capture_on_commit_callbacks(execute=True):
            StanceFactory(tactic=tactic, source=SourceFactory(method=Method.CONTROLLED))
        before = stored(tactic)
        assert pending_ids() == []  # drained with its transaction

        # The change commits; the process dies before its on-commit recompute runs.
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            StanceFactory(tactic=tactic, position=Position.NO_EFFECT)
        assert callbacks  # the recompute was due, and never ran
        assert stored(tactic).evidence_score == before.evidence_score
        assert stored(tactic).no_effect_count == 0  # stale: one contradicting stance exists
        assert pending_ids() == [tactic.pk]

        # Too young: its own transaction may still be recomputing it.
        assert recompute_pending() == (0, [])
        clock.tick(datetime.timedelta(minutes=2))
        checked, changes = recompute_pending()

    expected = fresh(tactic)
    repaired = stored(tactic)
    assert checked == 1 and changes
    assert repaired.no_effect_count == 1
    assert (repaired.evidence_score, repaired.confidence, repaired.direction) == (
        expected.score,
        expected.confidence,
        expected.direction,
    )
    assert repaired.score_history.first().reason.startswith("Added: ")
    assert pending_ids() == []


@pytest.mark.django_db(transaction=True)
def test_a_recompute_that_fails_after_a_real_commit_is_repaired_by_the_sweep_command(
    monkeypatch,
):
    tactic = TacticFactory()
    StanceFactory(tactic=tactic)  # autocommit: recomputed at once
    assert stored(tactic).improves_count == 1

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(scoring.services, "recompute_tactic", crash)
    with transaction.atomic():
        source = Source.objects.get()
        source.method = Method.CONTROLLED
        source.save()
    monkeypatch.undo()
    stale = stored(tactic)
    assert stale.evidence_score != fresh(tactic).score
    assert pending_ids() == [tactic.pk]

    with freeze_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2)):
        call_command("recompute_scores", "--pending", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert stored(tactic).evidence_score == fresh(tactic).score > stale.evidence_score
    assert pending_ids() == []
    run = RecomputeRun.objects.get(kind=RecomputeRun.Kind.SWEEP)
    assert (run.tactics_checked, run.tactics_changed) == (1, 1) and run.finished_at


def test_the_note_is_written_in_the_same_transaction_as_the_change():
    tactic = TacticFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        StanceFactory(tactic=tactic)
        assert pending_ids() == [tactic.pk]
        raise RuntimeError("roll back")
    assert pending_ids() == []  # rolled back with the change: nothing to repair


def test_one_note_per_tactic_per_transaction_and_one_recompute(
    django_capture_on_commit_callbacks, count_assessments
):
    tactic = TacticFactory()
    sources = [SourceFactory() for _ in range(20)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with CaptureQueriesContext(connection) as queries:
            for source in sources:
                Stance.objects.create(tactic=tactic, source=source, position="improves")
        assert PendingRecompute.objects.count() == 1
    inserts = [q for q in queries.captured_queries if "scoring_pendingrecompute" in q["sql"]]
    assert len(inserts) == 1  # the first save writes the note; the other 19 write nothing
    for callback in callbacks:
        callback()
    assert len(count_assessments) == 1
    assert stored(tactic).improves_count == 20
    assert pending_ids() == []


def test_a_note_rolled_back_with_a_savepoint_is_written_again(
    django_capture_on_commit_callbacks,
):
    tactic, other = TacticFactory(), TacticFactory()
    with django_capture_on_commit_callbacks(execute=False):
        StanceFactory(tactic=other)  # its note and on-commit recompute survive throughout
        try:
            with transaction.atomic():
                StanceFactory(tactic=tactic)
                raise RuntimeError("the savepoint rolls back, and the note with it")
        except RuntimeError:
            pass
        assert pending_ids() == [other.pk]
        StanceFactory(tactic=tactic)
        # Without a second note, a crash now would leave this stance uncounted for good.
        assert pending_ids() == sorted([tactic.pk, other.pk])


def test_a_source_change_notes_every_tactic_of_the_source(django_capture_on_commit_callbacks):
    first, second, other = TacticFactory(), TacticFactory(), TacticFactory()
    source = SourceFactory(method=Method.OBSERVATIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        StanceFactory(tactic=first, source=source)
        StanceFactory(tactic=second, source=source)
        StanceFactory(tactic=other)
    assert pending_ids() == []
    with django_capture_on_commit_callbacks(execute=False):
        source = Source.objects.get(pk=source.pk)
        source.method = Method.CONTROLLED
        source.save()
    assert pending_ids() == sorted([first.pk, second.pk])


def test_the_drain_deletes_only_its_own_transactions_notes(django_capture_on_commit_callbacks):
    tactic = TacticFactory()
    # Another transaction's note on the same tactic, whose recompute is still to come.
    PendingRecompute.objects.create(tactic_id=tactic.pk, batch=1, created_at=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        StanceFactory(tactic=tactic)
    assert list(PendingRecompute.objects.values_list("batch", flat=True)) == [1]


def test_the_sweep_skips_deleted_tactics_and_keeps_young_notes():
    tactic = TacticFactory()
    with freeze_time(NOW) as clock:
        PendingRecompute.objects.create(tactic_id=987654, batch=1, created_at=NOW)
        clock.tick(datetime.timedelta(minutes=5))
        PendingRecompute.objects.create(tactic_id=tactic.pk, batch=2, created_at=timezone.now())
        assert recompute_pending() == (1, [])  # the deleted tactic's note, cleared
    assert pending_ids() == [tactic.pk]


def test_the_single_recompute_path_is_unchanged_by_notes():
    tactic = TacticFactory()
    Stance.objects.bulk_create(
        [Stance(tactic=tactic, source=SourceFactory(), position="improves", finding="f")]
    )
    assert recompute_tactic(tactic.pk) is not None
    assert pending_ids() == []
