"""shequ purge-imports: delete uploaded rosters and error workbooks older than a day."""

from django.core.management.base import BaseCommand

from shequ.rosters.services import import_jobs_purge


class Command(BaseCommand):
    help = "Delete roster import files (personal data) older than 24 hours."

    def handle(self, *args, **opts):
        self.stdout.write(f"purged the files of {import_jobs_purge()} import job(s)")
