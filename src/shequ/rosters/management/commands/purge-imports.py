"""shequ purge-imports: delete uploaded rosters, error workbooks and export workbooks past
their expiry (24 hours). Run it daily."""

from django.core.management.base import BaseCommand

from shequ.rosters.services import export_jobs_purge, import_jobs_purge


class Command(BaseCommand):
    help = "Delete roster import and export files (personal data) older than 24 hours."

    def handle(self, *args, **opts):
        imports, exports = import_jobs_purge(), export_jobs_purge()
        self.stdout.write(f"purged the files of {imports} import job(s) and "
                          f"{exports} export job(s)")
