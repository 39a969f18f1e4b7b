"""``units``: one row per 驻区单位 — name, unified social credit code (GB 32100, check
character verified, lower case accepted), type in an office's words, community, contact and
phone (checked, not kept), and the unit's own party organisation: created as a unit
organisation under the street's 党工委 and made a member of the community's 大党委."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core.validators import parse_credit_code
from shequ.organizations import selectors as org_selectors
from shequ.organizations.models import OrgKind, Unit, UnitKind
from shequ.organizations.services import party_org_create, unit_create, unit_update
from shequ.rosters.cells import compact, parse_phone_cell
from shequ.territory.models import AreaKind

from ..pipeline import (
    NEW,
    UNCHANGED,
    UPDATED,
    Column,
    Context,
    Kind,
    Row,
    RowRejected,
    choice,
    register,
)
from .common import area_find, seer
from .party_orgs import orgs

UNIT_KIND_WORDS = {
    "机关": UnitKind.AGENCY, "党政机关": UnitKind.AGENCY, "机关单位": UnitKind.AGENCY,
    "政府机关": UnitKind.AGENCY, "行政机关": UnitKind.AGENCY,
    "事业单位": UnitKind.INSTITUTION, "事业": UnitKind.INSTITUTION,
    "企业": UnitKind.ENTERPRISE, "国有企业": UnitKind.ENTERPRISE, "国企": UnitKind.ENTERPRISE,
    "央企": UnitKind.ENTERPRISE, "国有": UnitKind.ENTERPRISE,
    "非公企业": UnitKind.TWO_NEW, "民营企业": UnitKind.TWO_NEW, "私营企业": UnitKind.TWO_NEW,
    "两新组织": UnitKind.TWO_NEW, "新经济组织": UnitKind.TWO_NEW, "非公有制企业": UnitKind.TWO_NEW,
    "社会组织": UnitKind.SOCIAL_ORG, "新社会组织": UnitKind.SOCIAL_ORG,
    "社团": UnitKind.SOCIAL_ORG, "民办非企业": UnitKind.SOCIAL_ORG,
    "商务楼宇": UnitKind.COMMERCIAL_BUILDING, "楼宇": UnitKind.COMMERCIAL_BUILDING,
    "商务楼": UnitKind.COMMERCIAL_BUILDING,
}


def units_by_code(ctx: Context) -> dict[str, Unit]:
    """The units the actor may see, by credit code (one query a run). A code registered
    outside the actor's scope is refused by ``unit_create`` as a duplicate."""
    got = ctx.cache.get("units")
    if got is None:
        got = ctx.cache["units"] = {u.credit_code: u for u in
                                    org_selectors.unit_list(actor=seer(ctx))}
    return got


class UnitsKind(Kind):
    name = "units"
    label = "驻区单位"
    into_kinds = ("district", "street")
    action = "edit_party"
    columns = (
        Column("name", ("单位名称", "名称", "单位", "单位全称"), required=True),
        Column("credit_code", ("统一社会信用代码", "信用代码", "社会信用代码", "信用代码证号",
                               "组织机构代码"), required=True),
        Column("kind", ("类别", "单位类别", "单位类型", "类型", "单位性质")),
        Column("community", ("社区", "所在社区", "所属社区", "所在区域", "所属区域"),
               required=True),
        Column("contact", ("联系人", "负责人", "联络员"), stored=False),
        Column("phone", ("电话", "联系电话", "联系人电话", "手机"), stored=False),
        Column("party_org", ("党组织名称", "单位党组织", "党组织", "所属党组织")),
        Column("address", ("地址", "单位地址", "详细地址")),
    )
    template_example = ("达川区人民医院", "", "事业单位", "北门社区", "张三", "13800000000",
                        "中共达川区人民医院支部委员会", "")

    def apply_row(self, row: Row, ctx: Context) -> str:
        try:
            code = parse_credit_code(row.compact("credit_code"))
        except ValidationError as exc:
            err = exc.error_list[0]
            raise RowRejected(err.code or "credit_code", "credit_code", str(err.message)) \
                from None
        kind = choice(row.get("kind"), UNIT_KIND_WORDS, "kind", "unit_kind_unknown") \
            if not row.blank("kind") else UnitKind.ENTERPRISE
        community = area_find(ctx, row.get("community"), kinds=(AreaKind.COMMUNITY,),
                              fld="community")
        parse_phone_cell(row.cells.get("phone"))
        name = row.get("name")
        status = NEW
        unit = units_by_code(ctx).get(code)
        if unit is not None:
            # A corrected workbook re-imported: the unit takes the file's name, type,
            # community (and address, when given) through the unit's own service.
            address = unit.address if row.blank("address") else row.get("address")
            if (unit.name, unit.kind, unit.area_id, unit.address) == \
                    (name, kind, community.pk, address):
                status = UNCHANGED
            else:
                unit_update(actor=ctx.actor, unit=unit, name=name, kind=kind, area=community,
                            address=address)
                status = UPDATED
        else:
            unit = unit_create(actor=ctx.actor, name=name, credit_code=code, kind=kind,
                               area=community, address=row.get("address"))
            units_by_code(ctx)[code] = unit
        if not row.blank("party_org"):
            if self._unit_org(row, ctx, unit, community) and status == UNCHANGED:
                status = UPDATED
        return status

    def _unit_org(self, row: Row, ctx: Context, unit: Unit, community) -> bool:
        """The unit's own organisation, under the street's 党工委 and in the community's
        大党委. True when it was created or joined now."""
        name = row.get("party_org")
        by_name = orgs(ctx)
        existing = [o for o in by_name.get(compact(name), [])]
        if existing:
            org = existing[0]
            if org.unit_id not in (None, unit.pk):
                raise RowRejected("org_other_unit", "party_org", _(
                    "%(n)s is another unit's party organisation.") % {"n": name})
            return False
        in_sight = org_selectors.party_org_choices(actor=seer(ctx))
        street_committee = in_sight.filter(
            kind=OrgKind.STREET_WORKING_COMMITTEE, area_id=community.parent_id).first()
        if street_committee is None:
            raise RowRejected("no_street_committee", "party_org", _(
                "The street of %(c)s has no 党工委 yet: import the party organisations first.")
                % {"c": community.name})
        org = party_org_create(actor=ctx.actor, kind=OrgKind.UNIT_ORG, name=name,
                               area=community, parent=street_committee, unit=unit)
        committee = in_sight.filter(kind=OrgKind.COMMUNITY_COMMITTEE, area=community).first()
        if committee is not None:
            org.member_of.add(committee)
        by_name.setdefault(compact(name), []).append(org)
        return True


register(UnitsKind())
