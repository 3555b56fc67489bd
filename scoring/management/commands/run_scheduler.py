"""Run the scoring schedule in the foreground (the `scheduler` service of docker-compose.yml).

    python manage.py run_scheduler

Two jobs, in UTC:
- `recompute_scores` daily at 03:00: sources age, so recency weights change scores with
  time even when nobody saves anything;
- `recompute_scores --pending` every five minutes: repairs any recompute that a crash
  interrupted between a save's commit and its on-commit recompute.
At start, a daily recompute that is overdue (none finished in the last 24 hours) runs at
once, so a scheduler that was down at 03:00 catches up instead of waiting a day.

Why APScheduler inside a manage.py command rather than cron in the image: the jobs then
run as the image's unprivileged user with the container's environment (cron starts jobs
with an empty one, so every setting would need copying into a crontab), their output
goes to the container's log, and the cron expressions and the job table can be tested
without starting anything. It is a scheduler, not a sleep loop: triggers are computed
from the wall clock, so a slow run does not shift the next one, a missed run within the
grace time still runs, runs that piled up are coalesced into one, and one job never runs
twice at once. Run exactly one scheduler: two would run every job twice (harmless, as
recomputes lock their rows, but wasted).
"""

import datetime
import logging
import signal

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils import timezone

from scoring import reasons, rubric
from scoring.services import last_full_recompute

logger = logging.getLogger(__name__)

DAILY_JOB, SWEEP_JOB = "daily-recompute", "sweep-pending"
CATCH_UP_AFTER = datetime.timedelta(hours=24)


def run_job(*args: str) -> None:
    """One scheduled `recompute_scores`, on a fresh database connection."""
    close_old_connections()
    try:
        call_command("recompute_scores", *args)
    finally:
        # The thread lives on between runs: do not hold a connection for hours.
        connections.close_all()


def build_scheduler() -> BlockingScheduler:
    """The scheduler with its two jobs, not started."""
    utc = datetime.UTC
    scheduler = BlockingScheduler(
        timezone=utc,
        executors={"default": {"type": "threadpool", "max_workers": 2}},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 15 * 60},
    )
    last = last_full_recompute()
    overdue = last is None or timezone.now() - last > CATCH_UP_AFTER
    scheduler.add_job(
        run_job,
        CronTrigger(
            hour=rubric.DAILY_RECOMPUTE_UTC.hour,
            minute=rubric.DAILY_RECOMPUTE_UTC.minute,
            timezone=utc,
        ),
        args=["--reason", reasons.DAILY],
        id=DAILY_JOB,
        name="Full recompute (sources age)",
        **({"next_run_time": timezone.now()} if overdue else {}),
    )
    scheduler.add_job(
        run_job,
        CronTrigger(minute=f"*/{rubric.SWEEP_EVERY_MINUTES}", timezone=utc),
        args=["--pending"],
        id=SWEEP_JOB,
        name="Sweep of interrupted recomputes",
    )
    return scheduler


class Command(BaseCommand):
    help = "Run the daily full recompute and the frequent sweep (times in scoring.rubric) until stopped."

    def handle(self, *args, **options):
        scheduler = build_scheduler()
        # docker stop sends SIGTERM: stop taking jobs; a running one finishes first.
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        for job in scheduler.get_jobs():
            self.stdout.write(f"scheduled: {job.name}: {job.trigger}")
        self.stdout.flush()
        scheduler.start()
