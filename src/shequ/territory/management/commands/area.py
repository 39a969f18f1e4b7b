"""shequ area: set up the territory tree from the command line, through the same services
as the pages and the API.

  shequ area add --kind KIND --code CODE --name NAME [--parent CODE]
  shequ area list [--under CODE]
  shequ area rename CODE NAME
  shequ area recode CODE NEW_CODE
  shequ area move --building ID --grid CODE
  shequ area move --area CODE --parent CODE [--code NEW_CODE]
  shequ area retire CODE [--reason TEXT]
  shequ area boundary CODE FILE.geojson

Every subcommand takes --actor USERNAME (default: the system). A grid added without
--code gets its community's code + the next 3 digits. Refusals exit non-zero with
``code: message``.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from shequ.core.actors import is_system
from shequ.core.management.actors import SubcommandsAsActor
from shequ.territory import selectors, services
from shequ.territory.models import Area, AreaKind, Building

_INDENT = {AreaKind.DISTRICT: 0, AreaKind.STREET: 1, AreaKind.COMMUNITY: 2, AreaKind.GRID: 3}


def _areas(actor):
    return Area.objects.all() if is_system(actor) else selectors.area_list(actor=actor)


def _area(actor, code: str) -> Area:
    area = _areas(actor).filter(code=(code or "").strip()).first()
    if area is None:
        raise CommandError("not_found: " + _("No area with code %(code)s in your scope.")
                           % {"code": code})
    return area


class Command(SubcommandsAsActor):
    help = "Create, list, rename, re-code, move and retire areas of the territory tree."

    def add_arguments(self, parser):
        command = self.subcommands(parser)

        p = command("add", help="create a district, street, community or grid")
        p.add_argument("--kind", required=True, choices=AreaKind.values)
        p.add_argument("--code", default="", help="统计用区划代码 (optional for a grid)")
        p.add_argument("--name", required=True)
        p.add_argument("--parent", help="the parent's code (none for a district)")
        p = command("list", help="list areas in tree order")
        p.add_argument("--under", help="only this area and what lies below it (its code)")
        p = command("rename", help="give an area a new name")
        p.add_argument("code")
        p.add_argument("name")
        p = command("recode", help="give an area a new code (codes below follow)")
        p.add_argument("code")
        p.add_argument("new_code")
        p = command("move", help="move a building to another grid of its community, or a "
                    "community to another street / a grid to another community")
        p.add_argument("--building", type=int, help="the building's id")
        p.add_argument("--grid", help="the target grid's code (with --building)")
        p.add_argument("--area", help="the community or grid to move (its code)")
        p.add_argument("--parent", help="the new street or community (its code)")
        p.add_argument("--code", default=None, help="a new code for the moved area "
                       "(default: the new parent's code + its last 3 digits)")
        p = command("retire", help="remove an area that holds nothing")
        p.add_argument("code")
        p.add_argument("--reason", default="")
        p = command("boundary", help="set a grid's boundary from a GeoJSON file")
        p.add_argument("code")
        p.add_argument("file")

    def _show(self, area: Area) -> None:
        self.stdout.write(f"{area.code}\t{area.kind}\t{area.name}")

    def do_add(self, actor, opts):
        parent = _area(actor, opts["parent"]) if opts["parent"] else None
        area = services.area_create(actor=actor, kind=opts["kind"], name=opts["name"],
                                    code=opts["code"], parent=parent)
        self.stdout.write("created: ", ending="")
        self._show(area)

    def do_list(self, actor, opts):
        qs = _areas(actor)
        if opts["under"]:
            root = _area(actor, opts["under"])
            qs = qs.filter(path__gte=root.path, path__lt=root.path + ".~")
        rows = list(qs.order_by("path"))
        for area in rows:
            indent = "  " * _INDENT.get(area.kind, 0)
            self.stdout.write(f"{indent}{area.code}\t{area.kind}\t{area.name}")
        self.stdout.write(f"{len(rows)} area(s)")

    def do_rename(self, actor, opts):
        area = services.area_update(actor=actor, area=_area(actor, opts["code"]),
                                    name=opts["name"])
        self.stdout.write("renamed: ", ending="")
        self._show(area)

    def do_recode(self, actor, opts):
        area = services.area_update(actor=actor, area=_area(actor, opts["code"]),
                                    code=opts["new_code"])
        self.stdout.write("re-coded: ", ending="")
        self._show(area)

    def do_move(self, actor, opts):
        if opts["area"] or opts["parent"]:
            return self._move_area(actor, opts)
        if not (opts["building"] and opts["grid"]):
            raise CommandError(_("Give --building and --grid, or --area and --parent."))
        qs = Building.objects.all() if is_system(actor) else selectors.building_list(actor=actor)
        building = qs.filter(pk=opts["building"]).first()
        if building is None:
            raise CommandError("not_found: " + _("No building %(id)s in your scope.")
                               % {"id": opts["building"]})
        grid = _area(actor, opts["grid"])
        services.building_move(actor=actor, building=building, grid=grid)
        self.stdout.write(f"moved: {building} → {grid.code}\t{grid.name}")

    def _move_area(self, actor, opts):
        if not (opts["area"] and opts["parent"]) or opts["building"] or opts["grid"]:
            raise CommandError(_("Give --building and --grid, or --area and --parent."))
        area = _area(actor, opts["area"])
        parent = _area(actor, opts["parent"])
        area = services.area_move(actor=actor, area=area, parent=parent, code=opts["code"])
        self.stdout.write("moved: ", ending="")
        self._show(area)

    def do_retire(self, actor, opts):
        area = _area(actor, opts["code"])
        services.area_retire(actor=actor, area=area, reason=opts["reason"])
        self.stdout.write(f"retired: {area.code}\t{area.kind}\t{area.name}")

    def do_boundary(self, actor, opts):
        grid = _area(actor, opts["code"])
        try:
            text = Path(opts["file"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"file: {exc.strerror}") from None
        services.grid_boundary_set(actor=actor, grid=grid, geojson=text)
        self.stdout.write(f"boundary set: {grid.code}\t{grid.name}")
