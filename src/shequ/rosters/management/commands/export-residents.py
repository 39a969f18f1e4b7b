"""shequ export-residents --scope CODE --out FILE.xlsx [--reveal --reason TEXT]
[--actor USERNAME]"""

from django.core.management.base import BaseCommand, CommandError

from shequ.core.errors import DomainError
from shequ.rosters.exporting import export_residents
from shequ.rosters.selectors import area_get_for_actor

from ._progress import actor_from, progress_bar


class Command(BaseCommand):
    help = "Export the residents of an area as a roster workbook (masked unless --reveal)."

    def add_arguments(self, parser):
        parser.add_argument("--scope", required=True, help="area code (district…grid)")
        parser.add_argument("--out", required=True, metavar="FILE.xlsx")
        parser.add_argument("--reveal", action="store_true",
                            help="ID numbers and phones in clear (audited; needs --reason)")
        parser.add_argument("--reason", default="")
        parser.add_argument("--actor", help="username to act as (default: the system)")
        parser.add_argument("--progress", action="store_true", default=None)

    def handle(self, *args, **opts):
        actor = actor_from(opts["actor"])
        try:
            area = area_get_for_actor(actor, opts["scope"], "export_people")
            with progress_bar(opts["progress"]) as progress:
                n = export_residents(actor=actor, area=area, out=opts["out"],
                                     reveal=opts["reveal"], reason=opts["reason"],
                                     progress=lambda done, total: progress("export", done,
                                                                           total))
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
        self.stdout.write(f"exported {n} residents to {opts['out']}")
