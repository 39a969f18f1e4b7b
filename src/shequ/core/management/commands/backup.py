"""``shequ backup --out FILE``: a consistent copy of the whole database (SQLite online
backup API, or ``pg_dump --format=custom`` on PostgreSQL), written with mode 0600. See
``core.backup``; restore it with ``shequ restore FILE``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shequ.core import backup


class Command(BaseCommand):
    help = "Back up the whole database to a file (SQLite copy or pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="backup file to write")

    def handle(self, *args, **options):
        try:
            backup.backup(options["out"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"backup written to {options['out']}"))
