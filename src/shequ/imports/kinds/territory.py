"""``territory``: one row per grid — street, community, their codes, grid, its code, grid
worker and phone. Streets and communities are created once, by the first row that names
them; a street's code is its communities' first nine digits when the file gives none; a
grid with no code gets its community's code and the next three digits. The grid worker's
name and phone are checked (their accounts come with the ``accounts`` import) but not kept."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from shequ.rosters.cells import compact, parse_phone_cell
from shequ.territory.models import Area, AreaKind
from shequ.territory.services import area_create

from ..pipeline import NEW, UNCHANGED, Column, Context, Kind, Row, RowRejected, register
from .common import area_added, areas_under

CODE_LENGTH = {AreaKind.DISTRICT: 6, AreaKind.STREET: 9, AreaKind.COMMUNITY: 12,
               AreaKind.GRID: 15}
_DIGITS = re.compile(r"^\d+$")


def _code(row: Row, fld: str, kind: str) -> str:
    raw = row.compact(fld)
    if raw.endswith(".0") and raw[:-2].isdigit():
        raw = raw[:-2]
    if not raw:
        return ""
    if not _DIGITS.match(raw) or len(raw) != CODE_LENGTH[kind]:
        raise RowRejected("code_format", fld, _(
            "The code %(v)s is not a %(n)d-digit 统计用区划代码.")
            % {"v": raw, "n": CODE_LENGTH[kind]})
    return raw


class TerritoryKind(Kind):
    name = "territory"
    label = "街道社区网格"
    into_kinds = ("district",)
    action = "manage_territory"
    min_fields = 3
    columns = (
        Column("street", ("街道", "街道名称", "所属街道", "街道(乡镇)", "乡镇(街道)", "乡镇街道",
                          "街道办事处", "街道办"), fill_down=True),
        Column("street_code", ("街道代码", "街道编码", "街道编号", "街道区划代码"), fill_down=True),
        Column("community", ("社区", "社区名称", "所属社区", "社区(村)", "村(社区)", "社区居委会",
                             "村社区", "居委会"), required=True, fill_down=True),
        Column("community_code", ("社区代码", "社区编码", "社区编号", "社区区划代码",
                                  "统计用区划代码", "区划代码"), fill_down=True),
        Column("grid", ("网格", "网格名称", "网格名"), required=True),
        Column("grid_code", ("网格编号", "网格代码", "网格编码")),
        Column("worker", ("网格员", "网格员姓名", "专职网格员", "网格长"), stored=False),
        Column("phone", ("网格员电话", "网格员手机", "网格员联系电话", "联系电话", "电话", "手机",
                         "手机号码"), stored=False),
    )
    template_example = ("翠屏街道", "511703001", "北门社区", "511703001001", "第一网格",
                        "511703001001001", "张三", "13800000000")

    def apply_row(self, row: Row, ctx: Context) -> str:
        district = ctx.into
        if district is None or district.kind != AreaKind.DISTRICT:
            raise RowRejected("into", "into", _("Import a territory into a district."))
        parse_phone_cell(row.cells.get("phone"))  # a wrong phone is the office's typo
        street_code = _code(row, "street_code", AreaKind.STREET)
        community_code = _code(row, "community_code", AreaKind.COMMUNITY)
        grid_code = _code(row, "grid_code", AreaKind.GRID)
        if community_code and street_code and not community_code.startswith(street_code):
            raise RowRejected("code_parent", "community_code", _(
                "The community code %(c)s does not lie under the street code %(s)s.")
                % {"c": community_code, "s": street_code})
        if not street_code and community_code:
            street_code = community_code[:9]
        if grid_code and community_code and not grid_code.startswith(community_code):
            raise RowRejected("code_parent", "grid_code", _(
                "The grid code %(g)s does not lie under the community code %(c)s.")
                % {"g": grid_code, "c": community_code})
        if street_code and len(district.code) == 6 and not street_code.startswith(district.code):
            raise RowRejected("code_parent", "street_code", _(
                "The street code %(s)s does not lie under the district code %(d)s.")
                % {"s": street_code, "d": district.code})
        created = False
        street, made = self._area(ctx, district, AreaKind.STREET, row.get("street"),
                                  street_code, "street")
        created |= made
        community, made = self._area(ctx, street, AreaKind.COMMUNITY, row.get("community"),
                                     community_code, "community")
        created |= made
        if not grid_code:
            existing = self._child(ctx, community, row.get("grid"), "")
            grid_code = existing.code if existing else self._next_grid_code(ctx, community)
        grid, made = self._area(ctx, community, AreaKind.GRID, row.get("grid"), grid_code,
                                "grid")
        created |= made
        return NEW if created else UNCHANGED

    def _child(self, ctx: Context, parent: Area, name: str, code: str) -> Area | None:
        areas_under(ctx)
        if code and code in ctx.cache["areas_by_code"]:
            return ctx.cache["areas_by_code"][code]
        for a in ctx.cache["areas_by_name"].get(compact(name), ()):
            if a.parent_id == parent.pk:
                return a
        return None

    def _area(self, ctx: Context, parent: Area, kind: str, name: str, code: str,
              fld: str) -> tuple[Area, bool]:
        if not name and not code:
            raise RowRejected("required", fld, _("The %(level)s is empty.")
                              % {"level": AreaKind(kind).label})
        found = self._child(ctx, parent, name, code)
        if found is not None:
            if found.kind != kind or found.parent_id != parent.pk:
                raise RowRejected("code_taken", f"{fld}_code", _(
                    "The code %(c)s already belongs to %(n)s elsewhere.")
                    % {"c": found.code, "n": found.name})
            if name and found.name != name:
                raise RowRejected("name_differs", fld, _(
                    "The code %(c)s is %(n)s in Shequ, not %(v)s; rename the area first or "
                    "correct the file.") % {"c": found.code, "n": found.name, "v": name})
            if code and found.code != code:
                raise RowRejected("code_differs", f"{fld}_code", _(
                    "%(n)s has the code %(c)s in Shequ, not %(v)s.")
                    % {"n": found.name, "c": found.code, "v": code})
            return found, False
        if not code:
            raise RowRejected("code_required", f"{fld}_code", _(
                "%(n)s is not in Shequ yet and the file gives no code for it.") % {"n": name})
        if not name:
            raise RowRejected("required", fld, _("The code %(c)s is not in Shequ and the file "
                                                 "gives no name for it.") % {"c": code})
        area = area_create(actor=ctx.actor, kind=kind, name=name, code=code, parent=parent)
        area_added(ctx, area)
        return area, True

    def _next_grid_code(self, ctx: Context, community: Area) -> str:
        used = {a.code for a in ctx.cache["areas"] if a.parent_id == community.pk}
        for n in range(1, 1000):
            code = f"{community.code}{n:03d}"
            if code not in used and code not in ctx.cache["areas_by_code"]:
                return code
        raise RowRejected("full", "grid_code", _("This community has no free grid code."))


register(TerritoryKind())
