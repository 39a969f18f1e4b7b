"""``party-members``: one row per member — name, ID number (checked as the roster import
does), gender, organisation by name, join date (any common format), 正式/预备, in service or
retired, work unit (linked for 双报到 when registered), phone.

A member already in the registry is found by the ID number's blind index and linked; one
who is not yet a resident is registered as a floating (流动) resident of the organisation's
community, in its "address not yet registered" household (未登记住址), where the roster
import later finds them by ID number. A join date before the 18th birthday is refused."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.organizations.models import PartyOrg, Unit
from shequ.registry import pii
from shequ.registry.models import MembershipStatus, PartyMember, ResidenceType, Resident
from shequ.registry.services import party_member_create, resident_create
from shequ.rosters.cells import compact, parse_date, parse_gender, parse_id, parse_phone_cell
from shequ.territory.models import Area, AreaKind
from shequ.territory.services import (
    building_get_or_create,
    compound_get_or_create,
    entrance_get_or_create,
    household_get_or_create,
)

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
from .party_orgs import org_find

STATUS_WORDS = {"正式党员": MembershipStatus.FULL, "正式": MembershipStatus.FULL,
                "党员": MembershipStatus.FULL, "中共党员": MembershipStatus.FULL,
                "预备党员": MembershipStatus.PROBATIONARY, "预备": MembershipStatus.PROBATIONARY,
                "中共预备党员": MembershipStatus.PROBATIONARY}
IN_SERVICE_WORDS = {"是": True, "在职": True, "在岗": True, "Y": True, "在职党员": True,
                    "否": False, "退休": False, "离退休": False, "离休": False, "N": False,
                    "退休党员": False, "无业": False, "失业": False}
# The household a member without a registered address waits in (one per community).
UNREGISTERED = "未登记住址"


def _adult_on(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        return dt.date(birth.year + 18, 3, 1)


def units_by_name(ctx: Context) -> dict[str, list[Unit]]:
    got = ctx.cache.get("units_by_name")
    if got is None:
        got = {}
        for u in Unit.objects.all():
            got.setdefault(compact(u.name), []).append(u)
        ctx.cache["units_by_name"] = got
    return got


class PartyMembersKind(Kind):
    name = "party-members"
    label = "党员"
    into_kinds = ("district", "street", "community")
    action = "edit_party"
    min_fields = 3
    columns = (
        Column("name", ("姓名", "党员姓名", "名字"), required=True),
        Column("gender", ("性别",)),
        Column("id_number", ("身份证号码", "身份证号", "公民身份号码", "身份证", "证件号码",
                             "身份号码"), required=True),
        Column("org", ("所属党组织", "党组织", "所在党组织", "所在支部", "党支部", "所属支部",
                       "组织关系所在党组织", "党组织名称"), required=True),
        Column("joined_on", ("入党时间", "入党日期", "入党年月", "入党年月日"), required=True),
        Column("status", ("党籍状态", "党员类别", "党员状态", "人员类别", "类别", "正式/预备")),
        Column("unit", ("工作单位", "单位", "工作单位及职务", "所在单位")),
        Column("phone", ("联系电话", "手机号", "电话", "手机号码", "手机", "联系方式")),
        Column("in_service", ("是否在职", "在职情况", "在职/退休", "工作状态", "在职")),
    )
    template_example = ("张三", "男", "", "北门社区第1党支部", "2001-07-01", "正式党员",
                        "达川区人民医院", "13800000000", "是")

    def apply_row(self, row: Row, ctx: Context) -> str:
        parsed = parse_id(row.cells.get("id_number"))
        gender = parse_gender(row.cells.get("gender"))
        if gender and gender != parsed.gender:
            raise RowRejected("id_gender_mismatch", "gender",
                              _("The gender does not match the ID number."))
        phone = parse_phone_cell(row.cells.get("phone"))
        joined = parse_date(row.cells.get("joined_on"), "joined_on")
        if joined > dt.date.today():
            raise RowRejected("joined_future", "joined_on",
                              _("The join date %(d)s is in the future.") % {"d": joined})
        if joined < _adult_on(parsed.birth_date):
            raise RowRejected("joined_under_18", "joined_on", _(
                "The join date %(d)s is before the member's 18th birthday (born %(b)s).")
                % {"d": joined, "b": parsed.birth_date.year})
        status = choice(row.get("status"), STATUS_WORDS, "status", "status_unknown") \
            if not row.blank("status") else MembershipStatus.FULL
        in_service = choice(row.get("in_service"), IN_SERVICE_WORDS, "in_service",
                            "in_service_unknown") if not row.blank("in_service") else None
        org = org_find(ctx, row.get("org"), "org")
        unit = None
        if not row.blank("unit") and in_service is not False:
            found = units_by_name(ctx).get(row.compact("unit"), [])
            unit = found[0] if len(found) == 1 else None
        name = row.get("name")
        resident = Resident.objects.filter(id_number_hash=pii.id_hash(parsed.value)).first()
        created = False
        if resident is None:
            resident = resident_create(
                actor=ctx.actor, household=self._waiting_household(ctx, org), name=name,
                id_number=parsed.value, phone=phone or None, relation="other",
                residence_type=ResidenceType.FLOATING)
            created = True
        elif resident.name != name:
            raise RowRejected("id_other_person", "id_number", _(
                "This ID number is registered to another name in the registry; check the "
                "name and the ID number."))
        member = PartyMember.objects.filter(resident=resident).first()
        if member is None:
            party_member_create(actor=ctx.actor, resident=resident, org=org, joined_on=joined,
                                status=status, unit=unit)
            return NEW if created else UPDATED
        want = {"org_id": org.pk, "joined_on": joined, "status": status,
                "unit_id": unit.pk if unit else None}
        have = {k: getattr(member, k) for k in want}
        if have == want:
            return UNCHANGED
        before, after = audit.diff(have, want)
        PartyMember.objects.filter(pk=member.pk).update(**want)
        audit.record(actor=ctx.actor, action="update", entity="party_member",
                     entity_id=member.pk, summary=resident.name, before=before, after=after)
        return UPDATED

    def _waiting_household(self, ctx: Context, org: PartyOrg):
        key = ("waiting", org.area_id)
        got = ctx.cache.get(key)
        if got is not None:
            return got
        community = org.area
        if community.kind == AreaKind.GRID:
            community = community.parent
        if community.kind != AreaKind.COMMUNITY:
            raise RowRejected("org_not_in_community", "org", _(
                "%(o)s is not a community's organisation: a member not yet in the registry "
                "is registered in the community of their organisation.") % {"o": org.name})
        grid = Area.objects.filter(parent=community, kind=AreaKind.GRID).order_by("path").first()
        if grid is None:
            raise RowRejected("no_grid", "org", _("The community %(c)s has no grid yet.")
                              % {"c": community.name})
        compound, _c = compound_get_or_create(community=community, name=UNREGISTERED)
        building, _b = building_get_or_create(grid=grid, compound=compound, name=UNREGISTERED)
        entrance, _e = entrance_get_or_create(building=building, name=UNREGISTERED)
        household, _h = household_get_or_create(entrance=entrance, room=UNREGISTERED)
        ctx.cache[key] = household
        return household


register(PartyMembersKind())
