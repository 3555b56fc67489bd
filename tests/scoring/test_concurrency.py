"""Two simultaneous recomputes cannot leave a stale score (PostgreSQL row locks)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

import scoring.services
from scoring.models import PendingRecompute
from scoring.services import load_inputs, recompute_tactic
from sources.models import Stance
from tactics.models import Tactic
from tests.factories import SourceFactory, StanceFactory, TacticFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def naive_recompute(tactic_id, reason=""):
    """What the service would be without its lock: load, compute, then write."""
    inputs, _ = load_inputs([tactic_id])
    result = scoring.services.grade(inputs[tactic_id], scoring.services.timezone.localdate())
    Tactic.objects.filter(pk=tactic_id).update(
        evidence_score=result.score, improves_count=result.improves
    )


def race(monkeypatch, first_recompute):
    """Thread A has loaded a tactic's stances and is computing when thread B commits a new
    stance (whose on-commit recompute then runs). A finishes last."""
    tactic = TacticFactory()
    StanceFactory(tactic=tactic)  # autocommit: recomputed at once
    assert Tactic.objects.get(pk=tactic.pk).improves_count == 1
    a_has_loaded, b_started = threading.Event(), threading.Event()
    real_assess = scoring.services.grade

    def slow_in_a(stances, as_of):
        stances = list(stances)
        if threading.current_thread().name == "A":
            a_has_loaded.set()
            b_started.wait(5)
            time.sleep(1.0)  # B inserts, commits and starts its own recompute meanwhile
        return real_assess(stances, as_of)

    monkeypatch.setattr(scoring.services, "grade", slow_in_a)
    errors = []

    def in_thread(work):
        def run():
            try:
                work()
            except Exception as error:  # surfaced below
                errors.append(error)
            finally:
                connections.close_all()

        return run

    def a():
        first_recompute(tactic.pk, "A")

    def b():
        a_has_loaded.wait(5)
        b_started.set()
        source = SourceFactory()
        with transaction.atomic():
            Stance.objects.create(tactic=tactic, source=source, position="improves", finding="B")

    threads = [
        threading.Thread(target=in_thread(a), name="A"),
        threading.Thread(target=in_thread(b), name="B"),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return Tactic.objects.get(pk=tactic.pk)


def test_locked_recompute_ends_with_every_committed_stance(monkeypatch):
    tactic = race(monkeypatch, recompute_tactic)
    assert tactic.improves_count == 2
    inputs, _ = load_inputs([tactic.pk])
    expected = scoring.services.grade(inputs[tactic.pk], scoring.services.timezone.localdate())
    assert tactic.evidence_score == expected.score


def test_the_race_is_real_without_the_lock(monkeypatch):
    """Control: the same interleaving leaves a stale score when nothing is locked, so the
    test above would catch a regression."""
    tactic = race(monkeypatch, naive_recompute)
    assert tactic.improves_count == 1  # A overwrote B's newer result
    assert Stance.objects.filter(tactic=tactic).count() == 2


def test_two_open_transactions_on_one_tactic_do_not_wait_for_each_other():
    """Each transaction writes its own recompute note (keyed by transaction, not unique per
    tactic), so a researcher's save never waits for another's still-open transaction."""
    tactic = TacticFactory()
    sources = [SourceFactory(), SourceFactory()]
    a_holds, b_done = threading.Event(), threading.Event()
    errors, b_seconds = [], []

    def a():
        try:
            with transaction.atomic():
                Stance.objects.create(tactic=tactic, source=sources[0], position="improves")
                a_holds.set()
                b_done.wait(10)  # keep the transaction (and its note) open meanwhile
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    def b():
        try:
            a_holds.wait(5)
            started = time.monotonic()
            with transaction.atomic():
                Stance.objects.create(tactic=tactic, source=sources[1], position="improves")
            b_seconds.append(time.monotonic() - started)
        except Exception as error:
            errors.append(error)
        finally:
            b_done.set()
            connections.close_all()

    threads = [threading.Thread(target=a), threading.Thread(target=b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    assert b_seconds and b_seconds[0] < 2  # it did not wait for A's commit
    assert Tactic.objects.get(pk=tactic.pk).improves_count == 2
    assert not PendingRecompute.objects.exists()
