import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from scoring.models import ScoreSnapshot
from sources.models import Stance
from tactics.models import Tactic
from tests.factories import SourceFactory, TacticFactory

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("recompute_scores", *args, stdout=out)
    return out.getvalue()


@freeze_time("2026-11-25")
def test_recomputes_every_tactic_and_reports_the_changes():
    fresh, stale = TacticFactory(slug="fresh"), TacticFactory(slug="stale")
    source = SourceFactory(published_on=datetime.date(2026, 10, 1))
    Stance.objects.bulk_create(  # bypasses the signals, like a bulk import
        Stance(tactic=t, source=source, position="improves", finding="f") for t in (fresh, stale)
    )
    output = run()
    assert "fresh: 0.0 Very low → " in output and "stale: 0.0 Very low → " in output
    assert "Recomputed 2 tactics" in output and "2 changed" in output
    assert all(t.evidence_score > 0 for t in Tactic.objects.all())

    assert "0 changed" in run()  # nothing new: nothing written
    assert ScoreSnapshot.objects.count() == 2


def test_recency_lowers_scores_as_time_passes():
    tactic = TacticFactory(slug="ageing")
    source = SourceFactory(published_on=datetime.date(2026, 1, 1))
    Stance.objects.create(tactic=tactic, source=source, position="improves", finding="f")
    with freeze_time("2026-06-01"):
        run()
    young = Tactic.objects.get(pk=tactic.pk).evidence_score
    with freeze_time("2028-06-01"):
        output = run("--reason", "nightly")
    old = Tactic.objects.get(pk=tactic.pk).evidence_score
    assert old < young
    assert f"ageing: {young}" in output
    assert ScoreSnapshot.objects.filter(reason="nightly").count() == 1


def test_one_tactic_by_slug_and_unknown_slugs_are_refused():
    TacticFactory(slug="known")
    assert "Recomputed 1 tactics" in run("--tactic", "known")
    with pytest.raises(CommandError, match="nope"):
        run("--tactic", "nope")


def test_ageing_wording_is_refreshed_without_moving_the_updated_date():
    """A month later the breakdown says "published 6 months ago" instead of 5, but the
    numbers are the same: the tactic is not presented as updated."""
    tactic = TacticFactory(slug="steady")
    source = SourceFactory(published_on=datetime.date(2026, 1, 1))
    Stance.objects.create(tactic=tactic, source=source, position="improves", finding="f")
    with freeze_time("2026-06-02"):
        run()
    before = Tactic.objects.get(pk=tactic.pk)
    with freeze_time("2026-07-02"):
        output = run()
    after = Tactic.objects.get(pk=tactic.pk)
    assert "0 changed" in output
    assert after.updated_at == before.updated_at
    assert after.evidence_computed_at > before.evidence_computed_at
    reasons = after.evidence_breakdown["contributions"][0]["reasons"]
    assert "published 6 months ago" in reasons
    assert ScoreSnapshot.objects.filter(tactic=tactic).count() == 1


@freeze_time("2026-11-25")
def test_changing_a_weight_constant_changes_scores_after_the_recompute(monkeypatch):
    from scoring import rubric

    tactic = TacticFactory(slug="weighted")
    source = SourceFactory(published_on=datetime.date(2026, 10, 1), method="observational")
    Stance.objects.create(tactic=tactic, source=source, position="improves", finding="f")
    run()
    before = Tactic.objects.get(pk=tactic.pk).evidence_score

    monkeypatch.setattr(rubric, "METHOD_WEIGHTS", {**rubric.METHOD_WEIGHTS, "observational": 0})
    output = run()

    assert before > 0
    assert Tactic.objects.get(pk=tactic.pk).evidence_score == 0
    assert f"weighted: {before}" in output


@freeze_time("2026-11-25 03:00:05")
def test_each_run_is_recorded_for_the_operator_and_healthz():
    from scoring.models import RecomputeRun
    from scoring.services import last_full_recompute

    tactic = TacticFactory(slug="recorded")
    TacticFactory(slug="untouched")
    source = SourceFactory(published_on=datetime.date(2026, 10, 1))
    Stance.objects.bulk_create([Stance(tactic=tactic, source=source, position="improves")])

    run("--tactic", "recorded")
    assert last_full_recompute() is None  # one tactic is not a full recompute
    run("--reason", "Daily recompute: sources aged")
    selected, full = RecomputeRun.objects.order_by("pk")
    assert (selected.kind, selected.tactics_checked, selected.tactics_changed) == ("selected", 1, 1)
    assert (full.kind, full.tactics_checked, full.tactics_changed) == ("full", 2, 0)
    assert full.started_at <= full.finished_at == last_full_recompute()


def test_a_failed_run_is_not_reported_as_a_recompute(monkeypatch):
    import scoring.management.commands.recompute_scores as command
    from scoring.models import RecomputeRun
    from scoring.services import last_full_recompute

    TacticFactory()

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(command, "recompute_tactics", broken)
    with pytest.raises(RuntimeError):
        run()
    assert RecomputeRun.objects.get().finished_at is None
    assert last_full_recompute() is None
