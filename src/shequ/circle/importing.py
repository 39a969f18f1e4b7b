"""``service_points``: an office's list of service points into the set-up import pipeline
(``shequ import service_points FILE``, the set-up import pages and API). Offices keep these
lists in many layouts, so the header is matched by the names they use, in any order, with
title rows and footers skipped (``imports.pipeline``); the category is read from an office's
words (工商银行 → bank, 社区卫生服务站 → clinic); coordinates come as two columns or one
(``107.468,31.209`` either way round: the value above 90 is the longitude). A row with an
error is rejected with its reasons and leaves nothing behind; a point without coordinates
is imported and listed with a warning. A second import of the same file changes nothing."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.imports.kinds.common import area_find
from shequ.imports.pipeline import (
    NEW,
    UNCHANGED,
    UPDATED,
    Column,
    Context,
    Kind,
    Row,
    RowRejected,
)
from shequ.rosters.cells import compact
from shequ.territory.models import AreaKind

from . import services
from .errors import CircleErrorCode
from .models import PointCategory, ServicePoint
from .policies import Action

C = PointCategory
# An office's words for the categories; a name containing one of them counts (longest first).
CATEGORY_WORDS: dict[str, str] = {
    "自来水": C.WATER, "供水": C.WATER, "水务": C.WATER, "水司": C.WATER,
    "供电": C.POWER, "电力": C.POWER, "电网": C.POWER, "电费": C.POWER,
    "燃气": C.GAS, "天然气": C.GAS, "煤气": C.GAS,
    "电信": C.TELECOM, "移动": C.TELECOM, "联通": C.TELECOM, "通信": C.TELECOM,
    "广电": C.TELECOM,
    "银行": C.BANK, "信用社": C.BANK, "储蓄": C.BANK, "农商行": C.BANK,
    "诊所": C.CLINIC, "卫生服务": C.CLINIC, "卫生院": C.CLINIC, "卫生室": C.CLINIC,
    "医院": C.CLINIC, "门诊": C.CLINIC,
    "学校": C.SCHOOL, "小学": C.SCHOOL, "中学": C.SCHOOL, "幼儿园": C.SCHOOL,
    "市场": C.MARKET, "超市": C.MARKET, "菜场": C.MARKET,
    "药店": C.PHARMACY, "药房": C.PHARMACY,
    "养老": C.ELDERLY_CARE, "日间照料": C.ELDERLY_CARE, "敬老": C.ELDERLY_CARE,
    "老年": C.ELDERLY_CARE,
    "党群": C.PARTY_MASS, "便民服务": C.PARTY_MASS,
}
for _c in PointCategory:
    CATEGORY_WORDS[_c.value] = _c.value
    CATEGORY_WORDS[compact(str(_c.label))] = _c.value
_BY_LENGTH = sorted(CATEGORY_WORDS, key=len, reverse=True)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def category_of(value: str) -> str:
    """The category an office's word names; refused with the words known."""
    key = compact(value).lower()
    if key in CATEGORY_WORDS:
        return CATEGORY_WORDS[key]
    for word in _BY_LENGTH:
        if word in key:
            return CATEGORY_WORDS[word]
    raise RowRejected(CircleErrorCode.BAD_CATEGORY, "category", _(
        "Unknown category %(v)s; use one of: %(a)s") % {
        "v": value, "a": "、".join(str(c.label) for c in PointCategory)})


def split_pair(value: str) -> tuple[str, str]:
    """One cell with both coordinates → (lat, lng): the number beyond ±90 is the longitude."""
    numbers = _NUMBER.findall(compact(value).replace("，", ","))
    if len(numbers) != 2:
        raise RowRejected(CircleErrorCode.HALF_COORDINATES, "coordinates", _(
            "Write the coordinates as two numbers (longitude, latitude)."))
    a, b = numbers
    return (b, a) if abs(float(a)) > 90 else (a, b)


class ServicePointsKind(Kind):
    name = "service_points"
    label = "服务网点"
    into_kinds = ("district", "street", "community")
    action = Action.MANAGE_POINTS
    min_fields = 2
    columns = (
        Column("name", ("网点名称", "名称", "服务网点", "机构名称", "单位名称", "网点", "点位名称"),
               required=True),
        Column("category", ("类别", "类型", "服务类别", "网点类型", "网点类别", "分类", "业态"),
               required=True),
        Column("community", ("所属社区", "社区", "所在社区", "所属区域", "所在街道", "街道"),
               required=True, fill_down=True),
        Column("address", ("地址", "详细地址", "所在地址", "网点地址")),
        Column("lng", ("经度", "东经", "lng", "lon", "longitude", "X坐标")),
        Column("lat", ("纬度", "北纬", "lat", "latitude", "Y坐标")),
        Column("coordinates", ("坐标", "经纬度", "位置坐标", "GPS")),
        Column("opening_hours", ("营业时间", "开放时间", "办公时间", "服务时间", "营业时段")),
        Column("contact", ("联系人", "负责人"), stored=False),
        Column("phone", ("电话", "联系电话"), stored=False),
    )
    template_example = ("达川区北门社区卫生服务站", "社区卫生服务站", "北门社区", "北外镇北门路12号",
                        "107.468100", "31.209500", "", "周一至周日 8:00-18:00", "", "")

    def prepare(self, ctx: Context) -> None:
        ctx.cache["points"] = None

    def _existing(self, ctx: Context) -> dict:
        got = ctx.cache.get("points")
        if got is None:
            from . import selectors

            got = ctx.cache["points"] = {
                (p.area_id, p.category, p.name): p
                for p in selectors.point_list(actor=ctx.actor, action=Action.MANAGE_POINTS)}
        return got

    def apply_row(self, row: Row, ctx: Context) -> str:
        category = category_of(row.get("category"))
        area = area_find(ctx, row.get("community"), fld="community",
                         kinds=(AreaKind.COMMUNITY, AreaKind.STREET))
        lat, lng = row.get("lat"), row.get("lng")
        if not row.blank("coordinates") and not (lat or lng):
            lat, lng = split_pair(row.get("coordinates"))
        data = {"category": category, "name": row.get("name"), "area": area,
                "address": row.get("address"), "lat": lat or None, "lng": lng or None,
                "opening_hours": row.get("opening_hours")}
        point: ServicePoint | None = self._existing(ctx).get((area.pk, category, data["name"]))
        try:
            if point is None:
                point = services.point_create(actor=ctx.actor, **data)
                self._existing(ctx)[(area.pk, category, point.name)] = point
                return NEW
            before = point.updated_at
            point = services.point_update(actor=ctx.actor, point=point, **data)
            return UNCHANGED if point.updated_at == before else UPDATED
        except DomainError as exc:
            raise RowRejected(exc.code, exc.field, exc.message) from None
