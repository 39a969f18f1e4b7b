"""``shequ check-points``: recompute every points balance from its ledger entries and report
drift (DESIGN.md §8). Exit status 1 when any account's balance differs from the sum of its
entries, or (``--chain``) when an entry's balance_after does not continue the one before.
Nothing is changed: the ledger is append-only and a drift is a fault to investigate."""

from django.core.management.base import BaseCommand, CommandError

from shequ.volunteers.selectors import ledger_drift


class Command(BaseCommand):
    help = "Recompute points balances from the ledger and report any drift."

    def add_arguments(self, parser):
        parser.add_argument("--chain", action="store_true",
                            help="also check every entry's balance_after (slower)")
        parser.add_argument("--limit", type=int, default=50, help="rows of drift to print")

    def handle(self, *args, **options):
        report = ledger_drift(chain=options["chain"])
        self.stdout.write(
            f"accounts: {report.accounts}  entries: {report.entries}  "
            f"drifting: {len(report.drift)}  broken chains: {len(report.chain_breaks)}")
        for d in report.drift[: options["limit"]]:
            self.stdout.write(f"  account {d.account_id}: balance {d.balance} "
                              f"!= entries {d.entries_sum} (drift {d.balance - d.entries_sum:+d})")
        for account_id, entry_id in report.chain_breaks[: options["limit"]]:
            self.stdout.write(f"  account {account_id}: entry {entry_id} breaks the chain")
        if report.drift or report.chain_breaks:
            raise CommandError("points ledger drift found")
        self.stdout.write(self.style.SUCCESS("every balance equals the sum of its entries"))
