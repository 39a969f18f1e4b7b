"""``shequ services_warn``: warn whoever accepted a service request that its legal time
limit passes within a day (or has passed). Run it hourly from cron; each request is warned
once, so running it twice changes nothing."""

from django.core.management.base import BaseCommand

from shequ.services.services import requests_warn_due


class Command(BaseCommand):
    help = "Warn about service requests due within a day."

    def handle(self, *args, **options):
        n = requests_warn_due()
        self.stdout.write(f"{n} service requests warned")
