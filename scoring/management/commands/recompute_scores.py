"""Recompute every tactic's evidence score (nightly: recency changes scores with time).

    python manage.py recompute_scores            # all tactics, report what changed
    python manage.py recompute_scores --tactic backlinks --tactic llms-txt

Also the backfill after a rubric change or a bulk import that bypassed the signals.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from scoring.services import recompute_tactics
from tactics.choices import Confidence
from tactics.models import Tactic


class Command(BaseCommand):
    help = "Recompute the evidence score of every tactic and report the ones that changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tactic",
            action="append",
            dest="slugs",
            metavar="SLUG",
            help="Only this tactic (repeatable).",
        )
        parser.add_argument(
            "--reason", default="scheduled recompute", help="Stored with each score change."
        )

    def handle(self, *args, slugs=None, reason, verbosity=1, **options):
        tactics = Tactic.objects.all()
        if slugs:
            tactics = tactics.filter(slug__in=slugs)
            missing = set(slugs) - set(tactics.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No tactic with slug: {', '.join(sorted(missing))}")
        ids = list(tactics.values_list("pk", flat=True))

        started = time.perf_counter()
        changes = recompute_tactics(ids, reason=reason)
        elapsed = time.perf_counter() - started

        if changes and verbosity >= 1:
            slugs_by_id = dict(
                Tactic.objects.filter(pk__in=[c.tactic_id for c in changes]).values_list(
                    "pk", "slug"
                )
            )
            for change in changes:
                self.stdout.write(
                    f"{slugs_by_id.get(change.tactic_id, change.tactic_id)}: "
                    f"{change.old_score} {Confidence(change.old_confidence).label} → "
                    f"{change.new_score} {Confidence(change.new_confidence).label}"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"Recomputed {len(ids)} tactics in {elapsed:.1f} s: "
                f"{len(changes)} changed score or confidence."
            )
        )
