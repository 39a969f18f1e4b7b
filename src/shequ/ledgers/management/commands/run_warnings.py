"""``shequ run-warnings`` (also ``run_warnings``): the scheduled early-warning pass. Run it
from cron or a systemd timer, e.g. every 15 minutes."""

import time

from django.core.management.base import BaseCommand

from shequ.ledgers import alerting
from shequ.ledgers.models import WarningKind


class Command(BaseCommand):
    help = "Evaluate every early-warning rule over every district and raise warnings."

    def add_arguments(self, parser):
        parser.add_argument("--rule", action="append", choices=WarningKind.values,
                            help="only this rule (repeatable)")

    def handle(self, *args, rule=None, verbosity=1, **options):
        t = time.perf_counter()
        # Cases the task worker has not reached (or no worker runs): the full pass below
        # covers them too, the batch only clears its queue.
        pending = alerting.evaluate_pending()
        counts = alerting.run_all(kinds=rule)
        if pending:
            counts["new_cases_evaluated"] = pending
        seconds = time.perf_counter() - t
        if verbosity:
            summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            self.stdout.write(f"warnings evaluated in {seconds:.2f} s: {summary or 'nothing'}")
