"""``shequ check-audit [--archive FILE]``: verify the audit trail's hash chain (see
``core.auditchain``) and name the first row where it breaks. Exit status 1 on a break.
Without ``--archive`` it checks the rows in the database against the chain head; with it,
an archive file written by ``shequ archive-audit``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shequ.core import auditchain


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain (exit 1 at the first broken row)."

    def add_arguments(self, parser):
        parser.add_argument("--archive", type=Path, help="check this archive file instead")

    def handle(self, *args, **options):
        path = options["archive"]
        if path is not None and not path.is_file():
            raise CommandError(f"no such archive file: {path}")
        broken = auditchain.verify_archive(path) if path else auditchain.verify_table()
        if broken:
            raise CommandError(f"audit chain broken at {broken}")
        self.stdout.write(self.style.SUCCESS(
            f"audit chain intact{' in ' + path.name if path else ''}"))
