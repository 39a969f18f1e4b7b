"""shequ import KIND FILE [--into CODE] [--dry-run] [--errors OUT.xlsx] [--actor USERNAME]
[--mode valid-rows|all-or-nothing] [--passwords OUT.xlsx]
shequ import KIND --template OUT.xlsx (residents: the roster importer's header)

KIND: territory, party-orgs, units, party-members, accounts, residents. ``residents`` is
the roster import (``shequ import-residents``; --into is the community, and
--build-structure/--confirm-structure/--grid pass through). The last line is always
``imported: N new, U updated, C unchanged, R rejected (of T rows)`` (``would import:`` on a
dry run). New accounts' one-time passwords go to --passwords (mode 0600), never to the
screen."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from shequ.core.actors import is_system
from shequ.core.errors import DomainError
from shequ.imports import services
from shequ.imports.pipeline import MODES, VALID_ROWS, kind_get
from shequ.rosters.management.commands._progress import actor_from, progress_bar

KIND_NAMES = ("territory", "party-orgs", "units", "party-members", "accounts", "residents")


class Command(BaseCommand):
    help = "Import an office's workbook: territory, party-orgs, units, party-members, " \
           "accounts or residents."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KIND_NAMES)
        parser.add_argument("file", nargs="?")
        parser.add_argument("--into", help="code of the area to import into (default: the "
                                           "only district)")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--errors", metavar="OUT.xlsx",
                            help="write the rejected rows with their reasons to this workbook")
        parser.add_argument("--actor", help="username to act as (default: the operator)")
        parser.add_argument("--mode", choices=MODES, default=VALID_ROWS)
        parser.add_argument("--passwords", metavar="OUT.xlsx",
                            help="accounts: write the new accounts' one-time passwords here")
        parser.add_argument("--template", metavar="OUT.xlsx",
                            help="write a blank workbook for this kind and stop")
        parser.add_argument("--build-structure", action="store_true", help="residents only")
        parser.add_argument("--confirm-structure", action="store_true", help="residents only")
        parser.add_argument("--grid", help="residents only")
        parser.add_argument("--district", metavar="CODE",
                            help="territory, operator only: create this district first when "
                                 "it does not exist (with --district-name)")
        parser.add_argument("--district-name")
        parser.add_argument("--progress", action="store_true", default=None)

    def handle(self, *args, **opts):
        kind = opts["kind"]
        if kind == "residents":
            return self._residents(opts)
        try:
            if opts["template"]:
                services.template_write(kind_get(kind), opts["template"])
                self.stdout.write(f"template: {opts['template']}")
                return
            if not opts["file"]:
                raise CommandError("Give the FILE to import (or --template OUT.xlsx).")
            if kind == "accounts" and not opts["dry_run"] and not opts["actor"] \
                    and not opts["passwords"]:
                raise CommandError("passwords_required: give --passwords OUT.xlsx: each new "
                                   "account's one-time password is handed over there, once.")
            actor = actor_from(opts["actor"])
            if opts["district"] and (kind != "territory" or not is_system(actor)):
                raise CommandError("--district goes with `import territory` by the operator.")
            # A dry run writes nothing: a district created for it is rolled back with it.
            with transaction.atomic():
                if opts["district"]:
                    opts["into"] = services.district_ensure(opts["district"],
                                                            opts["district_name"]).code
                into = services.into_for(actor, kind_get(kind), opts["into"])
                with progress_bar(opts["progress"]) as progress:
                    result = services.import_file(
                        actor=actor, kind=kind, path=opts["file"], into=into,
                        dry_run=opts["dry_run"], mode=opts["mode"], errors_out=opts["errors"],
                        passwords_out=opts["passwords"], progress=progress)
                if opts["dry_run"]:
                    transaction.set_rollback(True)
        except DomainError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
        report = result.report(limit=50)
        self.stdout.write("columns: " + ", ".join(
            f"{m['column']}→{m['field']}" for m in report["mapping"]))
        if report["not_stored"]:
            self.stdout.write("checked, not stored: " + ", ".join(report["not_stored"]))
        if report["ignored_columns"]:
            self.stdout.write("ignored columns: " + ", ".join(report["ignored_columns"]))
        for item in report["rejected"]:
            reasons = "; ".join(f"{e['code']}: {e['message']}" for e in item["errors"])
            self.stdout.write(f"row {item['row']}: {reasons}")
        c = result.counts()
        if c["rejected"] > len(report["rejected"]):
            self.stdout.write(f"… and {c['rejected'] - len(report['rejected'])} more "
                              "rejected rows (see them all with --errors OUT.xlsx)")
        if result.outputs and opts["passwords"]:
            self.stdout.write(f"one-time passwords of {len(result.outputs)} new accounts: "
                              f"{opts['passwords']}")
        self.stdout.write(result.summary_line())

    def _residents(self, opts):
        if opts["template"]:
            services.roster_template_write(opts["template"])
            self.stdout.write(f"template: {opts['template']}")
            return
        if not opts["file"] or not opts["into"]:
            raise CommandError("shequ import residents FILE --into COMMUNITY_CODE")
        args = [opts["file"], "--community", opts["into"], "--mode", opts["mode"]]
        for flag in ("dry_run", "build_structure", "confirm_structure"):
            if opts[flag]:
                args.append("--" + flag.replace("_", "-"))
        for key in ("errors", "actor", "grid"):
            if opts[key]:
                args += ["--" + key, opts[key]]
        call_command("import-residents", *args, stdout=self.stdout, stderr=self.stderr)
