"""``shequ resources_sweep``: run every few minutes (cron or the task worker): an owner's
booking whose negotiation deadline passed takes its slot, and confirmed bookings of
check-in resources that ended without a check-in are recorded as no-shows."""

from django.core.management.base import BaseCommand

from shequ.resources import services


class Command(BaseCommand):
    help = "Resolve expired booking negotiations and record missed check-ins."

    def handle(self, *args, **options):
        done = services.negotiations_expire()
        self.stdout.write(f"negotiations resolved: {done['negotiations']}, "
                          f"no-shows: {done['no_shows']}")
