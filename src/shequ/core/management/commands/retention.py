"""``shequ retention [--dry-run] [--only CATEGORY …]``: apply the retention schedule
(``settings.RETENTION_DAYS``, see ``core.retention``): delete, anonymise or archive what has
expired, one audit row per category that changed something. Run it nightly. Categories in
the schedule that no app enforces are listed; with ``--strict`` they make the exit status 1."""

from django.core.management.base import BaseCommand, CommandError

from shequ.core import retention


class Command(BaseCommand):
    help = "Delete, anonymise or archive data past its retention period (run nightly)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count, change nothing")
        parser.add_argument("--only", nargs="+", metavar="CATEGORY", help="these categories")
        parser.add_argument("--strict", action="store_true",
                            help="exit 1 if a scheduled category is not enforced")

    def handle(self, *args, **options):
        only = set(options["only"] or ()) or None
        unknown = (only or set()) - set(retention.schedule())
        if unknown:
            raise CommandError(f"not in the retention schedule: {', '.join(sorted(unknown))}")
        verb = "would" if options["dry_run"] else "did"
        missing = []
        for o in retention.run(dry_run=options["dry_run"], only=only):
            if o.count is None:
                missing.append(o.category)
                self.stdout.write(f"{o.category}: kept {o.days} days, NOT ENFORCED "
                                  "(no app registered it)")
                continue
            self.stdout.write(f"{o.category}: kept {o.days} days, {verb} {o.disposal} "
                              f"{o.count} (older than {o.cutoff:%Y-%m-%d %H:%M})")
        if missing and options["strict"]:
            raise CommandError(f"retention not enforced for: {', '.join(missing)}")
