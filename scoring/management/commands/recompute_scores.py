"""Recompute evidence scores: the daily full run, the sweep, and backfills.

    python manage.py recompute_scores            # all tactics, report what changed
    python manage.py recompute_scores --tactic backlinks --tactic llms-txt
    python manage.py recompute_scores --pending  # the sweep: recomputes a crash interrupted

The scheduler (`run_scheduler`) runs the full recompute daily at 03:00 UTC, because
recency weights change scores as sources age, and the sweep every five minutes. Also the
backfill after a rubric change or a bulk import that bypassed the signals. Every run is
recorded as a RecomputeRun; /healthz reports the last full one.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from scoring import reasons
from scoring.models import RecomputeRun
from scoring.services import prune_runs, recompute_pending, recompute_tactics, recorded_run
from tactics.choices import Confidence
from tactics.models import Tactic


class Command(BaseCommand):
    help = "Recompute the evidence score of every tactic and report the ones that changed."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--tactic",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Only this tactic (repeatable).",
        )
        which.add_argument(
            "--pending",
            action="store_true",
            help="Only the tactics whose recompute after a save did not run (a crash).",
        )
        parser.add_argument(
            "--reason",
            default=reasons.OPERATOR,
            help="Shown in the score history of each tactic whose score changes.",
        )

    def handle(self, *args, slugs=None, pending=False, reason, verbosity=1, **options):
        started = time.perf_counter()
        if pending:
            with recorded_run(RecomputeRun.Kind.SWEEP) as run:
                run.checked, changes = recompute_pending()
                run.changed = len(changes)
            prune_runs()
            what = f"Swept {run.checked} interrupted recomputes"
        else:
            tactics = Tactic.objects.all()
            if slugs:
                tactics = tactics.filter(slug__in=slugs)
                missing = set(slugs) - set(tactics.values_list("slug", flat=True))
                if missing:
                    raise CommandError(f"No tactic with slug: {', '.join(sorted(missing))}")
            kind = RecomputeRun.Kind.SELECTED if slugs else RecomputeRun.Kind.FULL
            with recorded_run(kind) as run:
                ids = list(tactics.values_list("pk", flat=True))
                changes = recompute_tactics(ids, reason=reason)
                run.checked, run.changed = len(ids), len(changes)
            what = f"Recomputed {len(ids)} tactics"
        elapsed = time.perf_counter() - started

        if changes and verbosity >= 1:
            self._report(changes)
        self.stdout.write(
            self.style.SUCCESS(
                f"{what} in {elapsed:.1f} s: {len(changes)} changed score or confidence."
            )
        )

    def _report(self, changes):
        slugs_by_id = dict(
            Tactic.objects.filter(pk__in=[c.tactic_id for c in changes]).values_list("pk", "slug")
        )
        for change in changes:
            self.stdout.write(
                f"{slugs_by_id.get(change.tactic_id, change.tactic_id)}: "
                f"{change.old_score} {Confidence(change.old_confidence).label} → "
                f"{change.new_score} {Confidence(change.new_confidence).label}"
            )
