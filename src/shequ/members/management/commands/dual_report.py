"""``shequ dual_report [--month YYYY-MM]``: write each unit's 双报到 report for a month
(last month by default) — the periodic report a community sends its units. Run monthly."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.members.services import unit_reports_generate


class Command(BaseCommand):
    help = "Write every unit's dual-reporting report for a month."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="YYYY-MM (default: last month)")

    def handle(self, *args, **options):
        if options["month"]:
            try:
                first = dt.date.fromisoformat(options["month"] + "-01")
            except ValueError as exc:
                raise CommandError("--month must be YYYY-MM") from exc
        else:
            first = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - \
            dt.timedelta(days=1)
        reports = unit_reports_generate(actor=SYSTEM, period_start=first, period_end=last)
        missing = sum(r.members - r.reported for r in reports)
        self.stdout.write(f"{len(reports)} unit reports for {first:%Y-%m}; "
                          f"{missing} members have not reported")
