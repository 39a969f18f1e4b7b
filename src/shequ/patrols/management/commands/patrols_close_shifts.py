"""``shequ patrols_close_shifts``: close every published shift that has ended — missed
checkpoints flagged, absent members marked, volunteers' hours verified and paid. Run it
from cron (or the worker's schedule) every hour; running it twice changes nothing."""

from django.core.management.base import BaseCommand

from shequ.core.actors import SYSTEM
from shequ.patrols.services import shifts_close_due


class Command(BaseCommand):
    help = "Close the patrol shifts that have ended."

    def handle(self, *args, **options):
        n = shifts_close_due(actor=SYSTEM)
        self.stdout.write(f"{n} shifts closed")
