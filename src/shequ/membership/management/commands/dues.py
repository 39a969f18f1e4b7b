"""``shequ dues import FILE --branch ID --as USERNAME``: import a bank statement of dues
for a branch as that account, through the same service as the page and the API (every row
or none; the failing rows are printed with their line). ``shequ dues arrears --branch ID
--as USERNAME`` prints who owes what."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from shequ.core.errors import DomainError
from shequ.membership import selectors, services
from shequ.membership.statement import MAX_BYTES, read_statement


class Command(BaseCommand):
    help = "Import a branch's bank statement of party dues, or list its arrears."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["import", "arrears"])
        parser.add_argument("file", nargs="?", default="")
        parser.add_argument("--branch", required=True)
        parser.add_argument("--as", dest="username", required=True)

    def handle(self, *args, what, file, branch, username, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active account {username!r} (--as)")
        try:
            org = selectors.branch_get_for_actor(user, branch, field="branch")
            if what == "arrears":
                for line in selectors.arrears(actor=user, org=org):
                    self.stdout.write(f"{line.pk}\t{line.name}\t{len(line.unpaid_months)}\t{line.owed}")
                return
            path = Path(file)
            if not file or not path.is_file():
                raise CommandError(f"no file {file!r}")
            if path.stat().st_size > MAX_BYTES:
                raise CommandError("file: a statement may be at most 5 MB")
            result = services.dues_import(actor=user, org=org,
                                          rows=read_statement(path.read_bytes(), path.name))
        except services.StatementRefused as exc:
            for p in exc.problems:
                self.stderr.write(f"row {p.line}: {p.message}")
            raise CommandError(exc.message) from None
        except DomainError as exc:
            raise CommandError(f"{exc.field or 'dues'}: {exc.message}") from None
        self.stdout.write(f"imported {result.count} payment(s), {result.total} yuan")
