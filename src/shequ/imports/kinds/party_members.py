"""``party-members``: one row per member — name, ID number (checked as the roster import
does), gender, organisation by name, join date (any common format), 正式/预备, in service or
retired, work unit (linked for 双报到 when registered), phone.

A member already in the registry is found by the ID number's blind index and linked; one
who is not yet a resident is registered as a floating (流动) resident of the organisation's
community, in its "address not yet registered" household (未登记住址), where the roster
import later finds them by ID number. A join date before the 18th birthday is refused."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.core.validators import parse_credit_code
from shequ.organizations import selectors as org_selectors
from shequ.organizations.models import PartyOrg, Unit
from shequ.registry import pii
from shequ.registry.models import (
    MembershipStatus,
    PartyMember,
    PoliticalStatus,
    Relation,
    RelationLocation,
    ResidenceType,
    Resident,
)
from shequ.registry.services import clean_name, name_fields
from shequ.rosters.cells import (
    CellError,
    compact,
    parse_date,
    parse_gender,
    parse_id,
    parse_phone_cell,
)
from shequ.rosters.selectors import residents_by_id_hash
from shequ.territory import selectors as territory_selectors
from shequ.territory.models import AreaKind
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
    reject,
)
from .common import seer
from .party_orgs import org_find

STATUS_WORDS = {"正式党员": MembershipStatus.FULL, "正式": MembershipStatus.FULL,
                "党员": MembershipStatus.FULL, "中共党员": MembershipStatus.FULL,
                "预备党员": MembershipStatus.PROBATIONARY, "预备": MembershipStatus.PROBATIONARY,
                "中共预备党员": MembershipStatus.PROBATIONARY}
IN_SERVICE_WORDS = {"是": True, "在职": True, "在岗": True, "Y": True, "在职党员": True,
                    "否": False, "退休": False, "离退休": False, "离休": False, "N": False,
                    "退休党员": False, "无业": False, "失业": False}
BATCH = 2000
# The household a member without a registered address waits in (one per community).
UNREGISTERED = "未登记住址"


def _adult_on(birth: dt.date) -> dt.date:
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        return dt.date(birth.year + 18, 3, 1)


POLITICAL = {MembershipStatus.FULL: PoliticalStatus.CPC_MEMBER,
             MembershipStatus.PROBATIONARY: PoliticalStatus.CPC_PROBATIONARY}


def _executemany(model, columns: list[str], params: list[tuple]) -> None:
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from model meta
        qn(model._meta.db_table), ", ".join(qn(c) for c in columns),
        ", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        for i in range(0, len(params), BATCH):
            cursor.executemany(sql, params[i:i + BATCH])


def residents_by_hash(hashes: list[str]) -> dict[str, dict]:
    """The registered residents with these ID hashes (id, path, name), wherever they live:
    a member may live in another community than their organisation's."""
    return residents_by_id_hash(hashes)


def units_by_name(ctx: Context) -> dict[str, list[Unit]]:
    """Units the actor may see, by name (one query a run, the scoped selector)."""
    got = ctx.cache.get("units_by_name")
    if got is None:
        got = {}
        for u in org_selectors.unit_list(actor=seer(ctx)).filter(closed_at__isnull=True):
            got.setdefault(compact(u.name), []).append(u)
        ctx.cache["units_by_name"] = got
    return got


def work_unit(ctx: Context, row: Row) -> Unit | None:
    """The member's work unit: by credit code wherever it lies (the one documented
    cross-scope look-up, organizations.selectors.units_by_credit_code_anywhere), else by a
    name unique among the units the actor may see; None when nothing or several match."""
    raw = row.compact("unit")
    try:
        code = parse_credit_code(raw)
    except ValidationError:
        found = units_by_name(ctx).get(raw, [])
        return found[0] if len(found) == 1 else None
    anywhere = ctx.cache.get("units_by_code_anywhere")
    if anywhere is None:
        anywhere = ctx.cache["units_by_code_anywhere"] = \
            org_selectors.units_by_credit_code_anywhere()
    return anywhere.get(code)


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

    batched = True

    def _parse(self, row: Row, ctx: Context) -> dict:
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
            unit = work_unit(ctx, row)
        return {"id": parsed, "hash": pii.id_hash(parsed.value), "phone": phone,
                "joined_on": joined, "status": status, "org": org, "unit": unit,
                "name": row.get("name")}

    def apply_batch(self, rows: list[Row], ctx: Context, progress) -> None:
        """Check every row, then write the accepted ones in bulk: new residents, new
        memberships, changed memberships. The import's own audit record counts them."""
        scope = ctx.actor.scope_for("edit_party")  # SYSTEM: everywhere
        plans: list[tuple[Row, dict]] = []
        first_row: dict[str, int] = {}
        for row in rows:
            if not self.check_required(row):
                continue
            try:
                p = self._parse(row, ctx)
            except (RowRejected, CellError, DomainError) as exc:
                reject(row, exc.code, exc.field, exc.message)
                continue
            if p["hash"] in first_row:
                reject(row, "duplicate_in_file", "id_number", _(
                    "The same ID number is on row %(n)d already.") % {"n": first_row[p["hash"]]})
                continue
            first_row[p["hash"]] = row.number
            plans.append((row, p))
        progress(len(rows) // 3)
        residents = residents_by_hash([p["hash"] for _r, p in plans])
        members = {m.resident_id: m for m in PartyMember.objects.filter(
            resident_id__in=[r["id"] for r in residents.values()])} if residents else {}
        new_people: list[tuple[Row, dict]] = []
        new_members: list[PartyMember] = []
        changed: list[PartyMember] = []
        for row, p in plans:
            found = residents.get(p["hash"])
            path = found["path"] if found else p["org"].path
            if not scope.covers_path(path):
                reject(row, "forbidden", "org", _(
                    "This member is outside the areas you may edit party records in."))
                continue
            if found is None:
                try:
                    p["household"] = self._waiting_household(ctx, p["org"])
                except RowRejected as exc:
                    reject(row, exc.code, exc.field, exc.message)
                    continue
                new_people.append((row, p))
                row.status = NEW
                continue
            if found["name"] != p["name"]:
                reject(row, "id_other_person", "id_number", _(
                    "This ID number is registered to another name in the registry; check "
                    "the name and the ID number."))
                continue
            want = {"org_id": p["org"].pk, "joined_on": p["joined_on"], "status": p["status"],
                    "unit_id": p["unit"].pk if p["unit"] else None}
            member = members.get(found["id"])
            if member is None:
                new_members.append(self._member(found["id"], found["path"], p))
                row.status = UPDATED
            elif all(getattr(member, k) == v for k, v in want.items()):
                row.status = UNCHANGED
            else:
                for k, v in want.items():
                    setattr(member, k, v)
                changed.append(member)
                row.status = UPDATED
        progress(2 * len(rows) // 3)
        self._write(new_people, new_members, changed)
        progress(len(rows))

    def _member(self, resident_id: int, path: str, p: dict) -> PartyMember:
        return PartyMember(resident_id=resident_id, org=p["org"], unit=p["unit"],
                           joined_on=p["joined_on"], status=p["status"],
                           relation_location=RelationLocation.LOCAL, path=path)

    def _write(self, new_people, new_members, changed) -> None:
        # New residents go in as one executemany, as the roster import writes them (the
        # ORM's bulk_create spends longer building SQL than SQLite spends storing rows).
        columns = [f.column for f in Resident._meta.concrete_fields if not f.primary_key]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        date = connection.ops.adapt_datefield_value
        params = []
        for _row, p in new_people:
            values = {"household_id": p["household"].pk, "path": p["household"].path,
                      "relation": Relation.OTHER, "gender": p["id"].gender,
                      "birth_date": date(p["id"].birth_date), "ethnicity": "汉族",
                      "political_status": POLITICAL[p["status"]],
                      "residence_type": ResidenceType.FLOATING, "note": "", "is_active": True,
                      "user_id": None, "created_at": now, "updated_at": now,
                      **name_fields(clean_name(p["name"])),
                      **pii.id_columns_for(p["id"]).as_fields(),
                      **pii.phone_columns(p["phone"] or None).as_fields()}
            params.append(tuple(values[c] for c in columns))
        _executemany(Resident, columns, params)
        ids = residents_by_id_hash([p["hash"] for _row, p in new_people])
        # Residents already registered: their political status follows the membership.
        for status, political in POLITICAL.items():
            pks = [m.resident_id for m in new_members + changed if m.status == status]
            for i in range(0, len(pks), 900):
                Resident.objects.filter(pk__in=pks[i:i + 900]).update(
                    political_status=political)
        new_members += [self._member(ids[p["hash"]]["id"], ids[p["hash"]]["path"], p)
                        for _row, p in new_people]
        member_columns = [f.column for f in PartyMember._meta.concrete_fields
                          if not f.primary_key]
        _executemany(PartyMember, member_columns, [
            tuple(date(getattr(m, c)) if c == "joined_on" else getattr(m, c)
                  for c in member_columns) for m in new_members])
        PartyMember.objects.bulk_update(changed, ["org", "joined_on", "status", "unit"],
                                        batch_size=BATCH)

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
        grid = territory_selectors.area_list(actor=seer(ctx), kind=AreaKind.GRID,
                                             parent=community).first()
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
