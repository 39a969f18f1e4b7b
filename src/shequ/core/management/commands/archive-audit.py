"""``shequ archive-audit --before DATE --out FILE``: move the audit rows older than DATE
(kept at least ``AUDIT_RETENTION_DAYS``, 180) into a JSON-lines file that carries their
chain, then delete them from the database. This is the only way audit rows leave the
table; verify the file with ``shequ check-audit --archive FILE`` and keep it offline."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shequ.core import auditchain
from shequ.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Archive audit rows older than --before to a JSON-lines file, then remove them."

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, type=dt.date.fromisoformat,
                            help="archive rows written before this date (YYYY-MM-DD)")
        parser.add_argument("--out", required=True, type=Path, help="archive file to write")

    def handle(self, *args, **options):
        out: Path = options["out"]
        if out.exists():
            raise CommandError(f"{out} exists: archives are never overwritten")
        before = timezone.make_aware(dt.datetime.combine(options["before"], dt.time.min))
        try:
            count = auditchain.archive(actor=SYSTEM, before=before, out=out)
        except auditchain.ArchiveRefused as exc:
            raise CommandError(str(exc)) from exc
        if not count:
            self.stdout.write("no audit rows to archive")
            return
        self.stdout.write(self.style.SUCCESS(f"{count} audit rows archived to {out}"))
