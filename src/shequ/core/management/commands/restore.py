"""``shequ restore FILE``: load a backup written by ``shequ backup`` into the configured
database, which must be empty, then print the rows of every table (``table<TAB>rows``) and
verify the audit chain. Exit status 1 if the restore fails or the chain does not verify."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shequ.core import auditchain, backup


class Command(BaseCommand):
    help = "Restore a backup into an empty database, then count rows and check the audit chain."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="backup file written by shequ backup")

    def handle(self, *args, **options):
        try:
            backup.restore(options["file"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for table, rows in backup.table_counts().items():
            self.stdout.write(f"{table}\t{rows}")
        broken = auditchain.verify_table()
        if broken:
            raise CommandError(f"restored, but the audit chain is broken at {broken}")
        self.stdout.write(self.style.SUCCESS("restored; audit chain intact"))
