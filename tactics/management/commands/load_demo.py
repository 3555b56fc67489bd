from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tactics.demo.loader import (
    DemoAccountsRefused,
    create_demo_accounts,
    date_demo_evidence_before_reviews,
    load_demo_data,
)


class Command(BaseCommand):
    help = (
        "Load the demo tactics, sources and stances; safe to run again. With --with-accounts "
        "(DEBUG only) also create the local 'researcher' and 'editor' sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-accounts",
            action="store_true",
            help="Also create the demo researcher and editor accounts. Refused when DEBUG is off.",
        )

    def handle(self, *args, with_accounts=False, **options):
        # Refuse before loading anything, so a refused run leaves the database untouched.
        if with_accounts and not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts because DEBUG is off: their passwords are "
                "public. Run without --with-accounts, or create real users with createsuperuser."
            )
        started = timezone.now()
        try:
            with transaction.atomic():
                report = load_demo_data()
                if with_accounts:
                    create_demo_accounts(report)
        except DemoAccountsRefused as refused:
            raise CommandError(str(refused)) from refused
        date_demo_evidence_before_reviews(started)

        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {report.total('created')} created, "
                f"{report.total('updated')} updated, {report.total('unchanged')} unchanged."
            )
        )
