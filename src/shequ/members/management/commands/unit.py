"""shequ unit: units (驻区单位) one at a time, and their liaison accounts, through the same
services as the set-up pages and the API.

  shequ unit add --name NAME --credit-code CODE --kind KIND --area CODE [--address TEXT]
  shequ unit list [--under CODE] [--closed]
  shequ unit update UNIT [--name] [--credit-code] [--kind] [--area CODE] [--address]
  shequ unit close UNIT [--reason TEXT]
  shequ unit link-liaison UNIT USERNAME
  shequ unit unlink-liaison UNIT USERNAME

UNIT is a unit's credit code (any case) or id. Every subcommand takes --actor USERNAME
(default: the system); a refusal exits non-zero with ``code: message``. The command lives
here, not in organizations, because liaisons are this app's (organizations may not import
members).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from shequ.core.actors import is_system
from shequ.core.errors import NotFound
from shequ.core.management.actors import SubcommandsAsActor
from shequ.members import selectors as member_selectors
from shequ.members import services as member_services
from shequ.organizations import selectors, services
from shequ.organizations.management.cli import area_by_code, refused, unit_by_ref
from shequ.organizations.models import UnitKind


class Command(SubcommandsAsActor):
    help = "Create, list, edit and close units; link and unlink their liaison accounts."

    def add_arguments(self, parser):
        command = self.subcommands(parser)

        p = command("add", help="register a unit")
        p.add_argument("--name", required=True)
        p.add_argument("--credit-code", required=True, help="统一社会信用代码, 18 characters")
        p.add_argument("--kind", required=True, choices=UnitKind.values)
        p.add_argument("--area", required=True, help="the code of the area it lies in")
        p.add_argument("--address", default="")
        p = command("list", help="list units by name")
        p.add_argument("--under", help="only those in this area (its code)")
        p.add_argument("--closed", action="store_true", help="include closed units")
        p = command("update", help="edit a unit (only the options given change)")
        p.add_argument("unit")
        p.add_argument("--name")
        p.add_argument("--credit-code")
        p.add_argument("--kind", choices=UnitKind.values)
        p.add_argument("--area", help="a new area (its code); the unit's organisation follows")
        p.add_argument("--address")
        p = command("close", help="mark a unit closed")
        p.add_argument("unit")
        p.add_argument("--reason", default="")
        for name in ("link-liaison", "unlink-liaison"):
            p = command(name, help="link an account as the unit's liaison" if name[0] == "l"
                        else "unlink a liaison account")
            p.add_argument("unit")
            p.add_argument("username")

    def _show(self, unit) -> None:
        closed = "\tclosed" if unit.closed_at else ""
        self.stdout.write(f"{unit.pk}\t{unit.credit_code}\t{unit.kind}\t{unit.name}\t"
                          f"{unit.area.code}{closed}")

    def do_add(self, actor, opts):
        unit = services.unit_create(actor=actor, name=opts["name"],
                   credit_code=opts["credit_code"], kind=opts["kind"],
                   area=area_by_code(actor, opts["area"]), address=opts["address"])
        self.stdout.write("created: ", ending="")
        self._show(unit)

    def do_list(self, actor, opts):
        qs = selectors.unit_list(actor=actor).order_by("name", "pk")
        if opts["under"]:
            root = area_by_code(actor, opts["under"])
            qs = qs.filter(path__gte=root.path, path__lt=root.path + ".~")
        if not opts["closed"]:
            qs = qs.filter(closed_at__isnull=True)
        rows = list(qs)
        for unit in rows:
            self._show(unit)
        self.stdout.write(f"{len(rows)} unit(s)")

    def do_update(self, actor, opts):
        unit = unit_by_ref(actor, opts["unit"])
        area = area_by_code(actor, opts["area"]) if opts["area"] else None
        unit = services.unit_update(actor=actor, unit=unit, name=opts["name"],
                   credit_code=opts["credit_code"], kind=opts["kind"], area=area,
                   address=opts["address"])
        self.stdout.write("updated: ", ending="")
        self._show(unit)

    def do_close(self, actor, opts):
        unit = services.unit_close(actor=actor, unit=unit_by_ref(actor, opts["unit"]),
                   reason=opts["reason"])
        self.stdout.write("closed: ", ending="")
        self._show(unit)

    def do_link_liaison(self, actor, opts):
        unit = unit_by_ref(actor, opts["unit"])
        try:
            if is_system(actor):  # the operator may name any active account
                user = get_user_model().objects.get(username=opts["username"].strip(),
                                                     is_active=True)
            else:
                user = member_selectors.liaison_candidate_get(actor, opts["username"])
        except (NotFound, ObjectDoesNotExist):
            raise refused("not_found", _("No active account %(name)s in your area.")
                          % {"name": opts["username"]}) from None
        member_services.unit_liaison_link(actor=actor, user=user, unit=unit)
        self.stdout.write(f"linked: {user.username} → {unit.credit_code}\t{unit.name}")

    def do_unlink_liaison(self, actor, opts):
        unit = unit_by_ref(actor, opts["unit"])
        user = next((u for u in member_selectors.liaison_users(unit)
                     if u.username == opts["username"].strip()), None)
        if user is None:
            raise refused("not_found", _("This account is not a liaison of this unit."))
        member_services.unit_liaison_unlink(actor=actor, user=user, unit=unit)
        self.stdout.write(f"unlinked: {user.username} → {unit.credit_code}\t{unit.name}")
