"""The scheduler service's job table: the daily full recompute and the five-minute sweep."""

import datetime

import pytest
from django.utils import timezone

from scoring import reasons
from scoring.management.commands.run_scheduler import (
    DAILY_JOB,
    SWEEP_JOB,
    build_scheduler,
    run_job,
)
from scoring.models import RecomputeRun

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def next_fires(job, after, count=3):
    times = []
    for _ in range(count):
        times.append(job.trigger.get_next_fire_time(times[-1] if times else None, after))
        after = times[-1] + datetime.timedelta(seconds=1)
    return times


def recent_full_run():
    at = timezone.now() - datetime.timedelta(hours=2)
    RecomputeRun.objects.create(kind=RecomputeRun.Kind.FULL, started_at=at, finished_at=at)


def test_exactly_the_daily_recompute_at_three_utc_and_the_sweep_every_five_minutes():
    recent_full_run()
    scheduler = build_scheduler()  # not started: nothing runs, nothing blocks
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {DAILY_JOB, SWEEP_JOB}

    daily, sweep = jobs[DAILY_JOB], jobs[SWEEP_JOB]
    after = datetime.datetime(2026, 11, 25, 10, 1, tzinfo=UTC)
    assert next_fires(daily, after) == [
        datetime.datetime(2026, 11, day, 3, 0, tzinfo=UTC) for day in (26, 27, 28)
    ]
    assert next_fires(sweep, after) == [
        datetime.datetime(2026, 11, 25, 10, minute, tzinfo=UTC) for minute in (5, 10, 15)
    ]
    assert daily.args == ("--reason", reasons.DAILY)
    assert sweep.args == ("--pending",)
    assert all(job.func is run_job for job in jobs.values())
    assert not hasattr(daily, "next_run_time")  # not brought forward: a full run is recent


def test_an_overdue_daily_recompute_runs_as_soon_as_the_scheduler_starts():
    before = timezone.now()
    scheduler = build_scheduler()  # no full recompute has ever finished
    daily = next(job for job in scheduler.get_jobs() if job.id == DAILY_JOB)
    assert before <= daily.next_run_time <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_scheduled_job_runs_the_command_and_records_the_run(capsys):
    run_job("--pending")
    run_job("--reason", reasons.DAILY)
    runs = {run.kind: run for run in RecomputeRun.objects.all()}
    assert set(runs) == {RecomputeRun.Kind.SWEEP, RecomputeRun.Kind.FULL}
    assert all(run.finished_at for run in runs.values())
    assert "Swept 0 interrupted recomputes" in capsys.readouterr().out
