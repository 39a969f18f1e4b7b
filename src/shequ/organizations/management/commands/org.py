"""shequ org: party organisations one at a time, through the same services as the set-up
pages and the API.

  shequ org add --kind KIND --name NAME --area CODE [--parent ORG] [--unit CREDIT_CODE]
                [--fallback]
  shequ org list [--under CODE] [--kind KIND]
  shequ org rename ORG NAME
  shequ org move ORG --parent ORG [--area CODE]
  shequ org dissolve ORG [--reason TEXT]

ORG is an organisation's id or exact name. Every subcommand takes --actor USERNAME
(default: the system); a refusal exits non-zero with ``code: message``.
"""

from __future__ import annotations

from shequ.core.management.actors import SubcommandsAsActor
from shequ.organizations import selectors, services
from shequ.organizations.management.cli import area_by_code, org_by_ref, unit_by_ref
from shequ.organizations.models import OrgKind


class Command(SubcommandsAsActor):
    help = "Create, list, rename, move and dissolve party organisations."

    def add_arguments(self, parser):
        command = self.subcommands(parser)

        p = command("add", help="create a party organisation")
        p.add_argument("--kind", required=True, choices=OrgKind.values)
        p.add_argument("--name", required=True)
        p.add_argument("--area", required=True, help="the code of the area it covers")
        p.add_argument("--parent", help="the parent organisation (id or name)")
        p.add_argument("--unit", help="for a unit's own organisation: the unit's credit code")
        p.add_argument("--fallback", action="store_true", help="区域兜底 organisation")
        p = command("list", help="list organisations in tree order")
        p.add_argument("--under", help="only those in this area (its code)")
        p.add_argument("--kind", choices=OrgKind.values)
        p = command("rename", help="give an organisation a new name")
        p.add_argument("org")
        p.add_argument("name")
        p = command("move", help="put an organisation under another parent")
        p.add_argument("org")
        p.add_argument("--parent", required=True, help="the new parent (id or name)")
        p.add_argument("--area", help="a new area (its code)")
        p = command("dissolve", help="dissolve an organisation that holds nothing")
        p.add_argument("org")
        p.add_argument("--reason", default="")

    def _show(self, org) -> None:
        self.stdout.write(f"{org.pk}\t{org.kind}\t{org.name}\t{org.area.code}")

    def do_add(self, actor, opts):
        area = area_by_code(actor, opts["area"])
        parent = org_by_ref(actor, opts["parent"]) if opts["parent"] else None
        unit = unit_by_ref(actor, opts["unit"]) if opts["unit"] else None
        org = services.party_org_create(actor=actor, kind=opts["kind"], name=opts["name"],
                  area=area, parent=parent, unit=unit, is_fallback=opts["fallback"])
        self.stdout.write("created: ", ending="")
        self._show(org)

    def do_list(self, actor, opts):
        qs = selectors.party_org_choices(actor=actor).select_related("area")
        if opts["under"]:
            root = area_by_code(actor, opts["under"])
            qs = qs.filter(path__gte=root.path, path__lt=root.path + ".~")
        if opts["kind"]:
            qs = qs.filter(kind=opts["kind"])
        rows = list(qs)
        for org in rows:
            self._show(org)
        self.stdout.write(f"{len(rows)} organisation(s)")

    def do_rename(self, actor, opts):
        org = services.party_org_update(actor=actor, org=org_by_ref(actor, opts["org"]),
                  name=opts["name"])
        self.stdout.write("renamed: ", ending="")
        self._show(org)

    def do_move(self, actor, opts):
        org = org_by_ref(actor, opts["org"])
        parent = org_by_ref(actor, opts["parent"])
        area = area_by_code(actor, opts["area"]) if opts["area"] else None
        org = services.party_org_move(actor=actor, org=org, parent=parent, area=area)
        self.stdout.write("moved: ", ending="")
        self._show(org)

    def do_dissolve(self, actor, opts):
        org = org_by_ref(actor, opts["org"])
        services.party_org_dissolve(actor=actor, org=org, reason=opts["reason"])
        self.stdout.write(f"dissolved: {org.pk}\t{org.kind}\t{org.name}")
