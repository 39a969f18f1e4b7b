"""shequ import-residents FILE --community CODE [--dry-run] [--errors OUT.xlsx]
[--mode valid-rows|all-or-nothing] [--build-structure [--grid CODE] [--confirm-structure]]
[--actor USERNAME]

With --build-structure the compounds, buildings, entrances and rooms the roster names and the
community lacks are listed first; they are created only with --confirm-structure or after a
"y" at the prompt (on a terminal). Otherwise nothing is written."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.rosters.models import ImportMode
from shequ.rosters.selectors import area_get_for_actor
from shequ.rosters.services import import_file

from ._progress import actor_from, progress_bar


class Command(BaseCommand):
    help = "Import a resident roster (.xlsx, .xls or .csv) into a community."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--community", required=True, help="community code")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--errors", metavar="OUT.xlsx",
                            help="write the rejected rows with their reasons to this workbook")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.VALID_ROWS)
        parser.add_argument("--build-structure", action="store_true",
                            help="add the compounds, buildings, entrances and rooms the roster "
                                 "names and the community lacks (listed, then confirmed)")
        parser.add_argument("--confirm-structure", action="store_true",
                            help="create the housing listed without asking")
        parser.add_argument("--grid", help="grid code for new buildings (default: the first)")
        parser.add_argument("--actor", help="username to act as (default: the system)")
        parser.add_argument("--progress", action="store_true", default=None,
                            help="force a progress bar even when stderr is not a terminal")

    def handle(self, *args, **opts):
        actor = actor_from(opts["actor"])
        try:
            community = area_get_for_actor(actor, opts["community"], "edit_people",
                                           kinds=("community",))
            grid = area_get_for_actor(actor, opts["grid"], "edit_people", kinds=("grid",)) \
                if opts["grid"] else None
            run = dict(actor=actor, path=opts["file"], community=community, mode=opts["mode"],
                       build_structure=opts["build_structure"], grid=grid,
                       dry_run=opts["dry_run"], errors_out=opts["errors"],
                       confirm_structure=opts["confirm_structure"])
            shown = []

            def columns(plan) -> None:  # before anything is written, once
                if not shown:
                    shown.append(True)
                    self._columns(plan.columns())

            run["checked"] = columns
            with progress_bar(opts["progress"]) as progress:
                result = import_file(**run, progress=progress)
            if result.needs_confirmation:
                self._list_structure(result.plan)
                if not self._confirmed():
                    raise CommandError("structure_unconfirmed: " + _(
                        "Nothing was imported. Check the list above, then run the command "
                        "again with --confirm-structure to create it and import."))
                with progress_bar(opts["progress"]) as progress:
                    result = import_file(**{**run, "confirm_structure": True},
                                         progress=progress)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
        report = result.plan.report(limit=20)
        for item in report["rejected"]:
            reasons = "; ".join(f"{e['code']}: {e['message']}" for e in item["errors"])
            self.stdout.write(f"row {item['row']}: {reasons}")
        c = result.counts
        if c["rejected"] > len(report["rejected"]):
            more = c["rejected"] - len(report["rejected"])
            self.stdout.write(f"… and {more} more rejected rows" +
                              ("" if opts["errors"] else " (see them all with --errors OUT.xlsx)"))
        if opts["dry_run"] and result.plan.new_structure()["households"]:
            self._list_structure(result.plan)
        verb = "would import" if not result.committed else "imported"
        self.stdout.write(
            f"{verb}: {c['new']} new, {c['updated']} updated, {c['unchanged']} unchanged, "
            f"{c['rejected']} rejected (of {c['total']} rows)")

    def _columns(self, report: dict) -> None:
        """The columns read, and those the import ignores (never stored)."""
        self.stdout.write("columns: " + ", ".join(
            f"{m['column']}→{m['field']}" + ("" if m["stored"] else " (not stored)")
            for m in report["mapping"]))
        if report["ignored_columns"]:
            self.stdout.write("ignored columns: " + ", ".join(report["ignored_columns"]))
        self.stdout.flush()

    def _list_structure(self, plan) -> None:
        counts, listing = plan.new_structure(), plan.new_structure_list()
        self.stdout.write(_("Housing to be created") + ": " + ", ".join(
            f"{k} {v}" for k, v in counts.items()))
        for kind, names in listing.items():
            if names:
                more = counts[kind] - len(names)
                self.stdout.write(f"  {kind}: " + "、".join(names) + (f" … (+{more})" if more
                                                                       else ""))

    def _confirmed(self) -> bool:
        if not sys.stdin.isatty():
            return False
        answer = input(_("Create these and import? [y/N] "))
        return answer.strip().lower() in ("y", "yes", "是")
