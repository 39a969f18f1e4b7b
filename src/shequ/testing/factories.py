"""Small builders for tests. They call the real services so tests exercise the same rules
as users do. Every ID number is generated with a correct check character."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.utils import timezone

from shequ.accounts import services as account_services
from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.core.figures import Period, Place
from shequ.core.validators import id_check_char
from shequ.registry import services as registry_services
from shequ.registry.models import Resident
from shequ.territory import services as territory_services
from shequ.territory.models import Area, Household

PASSWORD = "Shequ-Test-Pass-2026!"
_seq = itertools.count(1)


def make_id_number(birth: dt.date = dt.date(1980, 5, 17), gender: str = "M",
                   region: str = "511703", serial: int | None = None) -> str:
    """A valid GB 11643 number; the 17th digit's parity gives the gender."""
    n = serial if serial is not None else next(_seq) % 500
    seq = n * 2 + (1 if gender == "M" else 0)
    body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + id_check_char(body)


def make_phone(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    return f"138{n:08d}"


class Tree:
    """district → street → community → two grids, each grid one building and household."""

    def __init__(self, prefix: str = "9"):
        # 统计用区划代码 shape: district 6 digits, street +3, community +3; grids get +3.
        d = f"{prefix}{next(_seq) % 10**5:05d}"
        self.district = territory_services.area_create(
            actor=SYSTEM, kind="district", name="达川区", code=d, parent=None)
        self.street = territory_services.area_create(
            actor=SYSTEM, kind="street", name="翠屏街道", code=f"{d}001", parent=self.district)
        self.community = territory_services.area_create(
            actor=SYSTEM, kind="community", name="翠屏社区", code=f"{d}001001", parent=self.street)
        self.grid1 = territory_services.area_create(
            actor=SYSTEM, kind="grid", name="第一网格", parent=self.community)
        self.grid2 = territory_services.area_create(
            actor=SYSTEM, kind="grid", name="第二网格", parent=self.community)
        self.compound, _ = territory_services.compound_get_or_create(
            community=self.community, name="金竹苑")
        self.household1 = household(self.grid1, self.compound, "7栋", "2单元", "302")
        self.household2 = household(self.grid2, self.compound, "8栋", "1单元", "501")


def household(grid: Area, compound, building: str, entrance: str, room: str) -> Household:
    b, _ = territory_services.building_get_or_create(grid=grid, compound=compound, name=building)
    e, _ = territory_services.entrance_get_or_create(building=b, name=entrance)
    h, _ = territory_services.household_get_or_create(entrance=e, room=room)
    return h


def resident(household: Household, name: str = "张三", **kw) -> Resident:
    kw.setdefault("id_number", make_id_number(gender=kw.pop("gender_hint", "M")))
    kw.setdefault("phone", make_phone())
    return registry_services.resident_create(actor=SYSTEM, household=household, name=name, **kw)


def user(role: str | None = None, area: Area | None = None, username: str | None = None) -> User:
    u = account_services.user_create(
        actor=SYSTEM, username=username or f"user{next(_seq)}", password=PASSWORD)
    if role:
        account_services.grant_add(actor=SYSTEM, user=u, role=role, area=area)
    return u


def bearer(user: User, name: str = "test") -> dict[str, str]:
    """Request headers that authenticate as ``user`` with a fresh API token."""
    _token, raw = account_services.api_token_create(actor=SYSTEM, user=user, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def rng(seed: int = 7) -> random.Random:
    return random.Random(seed)


def second_community(tree: Tree, name: str = "南苑社区") -> Area:
    """Another community in the tree's street: a module's figures compared per community."""
    return territory_services.area_create(actor=SYSTEM, kind="community", name=name,
                                          code=f"{tree.street.code}002", parent=tree.street)


def figure_place(area: Area, child: Area | None = None) -> Place:
    """The dashboard's view of ``area`` grouped by children shaped like ``child`` (by
    itself without one)."""
    return Place(area.pk, area.path, len((child or area).path), area.kind)


def figure_values(figures, key: str, actor, place: Place, period: Period | None = None) -> dict:
    """One of a module's ``FIGURES`` computed for ``actor`` (this month by default)."""
    today = timezone.localdate()
    period = period or Period(today.replace(day=1), today)
    figure = next(f for f in figures if f.key == key)
    return dict(figure.compute(actor, place, period))


def drill_rows(client, figures, key: str, actor, place: Place,
               period: Period | None = None) -> list:
    """The rows of the list a figure drills to, opened by ``actor`` for ``place`` (a 200,
    or the test fails): what a leader clicking the number sees."""
    today = timezone.localdate()
    period = period or Period(today.replace(day=1), today)
    figure = next(f for f in figures if f.key == key)
    client.force_login(actor)
    response = client.get(figure.drill_url(place, period))
    assert response.status_code == 200, (key, response.status_code)
    if "orgs" in response.context:  # the party organisations' tree, not a page-kit list
        return list(response.context["orgs"])
    return [row for row, _cells in response.context["rows"]]
