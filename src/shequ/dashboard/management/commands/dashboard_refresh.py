"""``shequ dashboard_refresh [--queue]``: recompute the dashboard's cached figures (the
running month, quarter and year, and the trend months of timed figures) as the system, or
queue the worker to. Run it from cron every 15–30 minutes; pages also queue a refresh when
they find a cached figure missing or stale."""

from django.core.management.base import BaseCommand

from shequ.core.actors import SYSTEM
from shequ.dashboard.services import figures_refresh
from shequ.dashboard.tasks import refresh_figures


class Command(BaseCommand):
    help = "Recompute the dashboard's cached figures."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="leave it to the task worker")

    def handle(self, *args, queue, **options):
        if queue:
            refresh_figures.enqueue()
            self.stdout.write("refresh queued")
            return
        self.stdout.write(f"{figures_refresh(actor=SYSTEM)} cached figures written")
