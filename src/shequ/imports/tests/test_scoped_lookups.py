"""The imports find areas, organisations and units through the scoped selectors: what
lies outside the importing user's scope is not found by name. The one exception is a
member's work unit named by its credit code (unique nationwide), found wherever it lies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.core.actors import SYSTEM
from shequ.core.validators import uscc_check_char
from shequ.imports import services
from shequ.imports.pipeline import kind_get
from shequ.organizations import services as org_services
from shequ.registry.models import PartyMember
from shequ.territory import services as territory_services
from shequ.territory.models import Area
from shequ.testing import factories

from .test_kinds import book, district, rejected, run, sampled  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def outside_unit(sampled):  # noqa: F811
    street = territory_services.area_create(actor=SYSTEM, kind="street", name="外街街道",
                                            code="511703009",
                                            parent=Area.objects.get(code="511703"))
    community = territory_services.area_create(actor=SYSTEM, kind="community",
                                               name="外街社区", code="511703009001",
                                               parent=street)
    body = "91511703MA0000009"
    return org_services.unit_create(actor=SYSTEM, name="外街公司",
                                    credit_code=body + uscc_check_char(body),
                                    kind="enterprise", area=community)


def test_a_work_unit_outside_the_street_is_linked_by_credit_code_only(outside_unit,
                                                                      tmp_path):
    street = Area.objects.get(code="511703001")
    admin = factories.user("street_admin", street)
    into = services.into_for(admin, kind_get("party-members"), "511703001")
    by_code, by_name = (factories.make_id_number(dt.date(1970, 3, d), "F") for d in (4, 5))
    path = book(tmp_path / "m.xlsx", [
        ["姓名", "身份证号码", "所属党组织", "入党时间", "工作单位", "是否在职"],
        ["李梅", by_code, "北门社区第2党支部", "1995-05-04", outside_unit.credit_code.lower(),
         "在职"],
        ["李兰", by_name, "北门社区第2党支部", "1995-05-04", "外街公司", "在职"],
    ])
    result = run("party-members", path, into, actor=admin)
    assert rejected(result) == {}
    assert PartyMember.objects.get(resident__name="李梅").unit_id == outside_unit.pk
    assert PartyMember.objects.get(resident__name="李兰").unit_id is None


def test_an_area_or_organisation_outside_the_scope_is_not_found_by_name(outside_unit,
                                                                        tmp_path):
    street = Area.objects.get(code="511703001")
    admin = factories.user("street_admin", street)
    into = services.into_for(admin, kind_get("units"), "511703001")
    body = "91511703MA0000010"
    path = book(tmp_path / "u.xlsx", [
        ["单位全称", "统一社会信用代码", "单位性质", "所在社区"],
        ["某公司", body + uscc_check_char(body), "企业", "外街社区"],
    ])
    assert rejected(run("units", path, into, actor=admin)) == {2: ["area_unknown"]}


def test_the_look_ups_stay_bulk(outside_unit, tmp_path):
    """A hundred members cost the queries of ten (no query per row for the look-ups)."""
    def members(n, start):
        return [["姓名", "身份证号码", "所属党组织", "入党时间", "工作单位", "是否在职"]] + [
            [f"党员{i}", factories.make_id_number(dt.date(1970, 1, 1), "M", serial=i),
             "北门社区第2党支部", "1995-05-04", outside_unit.credit_code, "在职"]
            for i in range(start, start + n)]
    counts = []
    for n, start in ((10, 0), (100, 100)):
        with CaptureQueriesContext(connection) as queries:
            run("party-members", book(tmp_path / f"m{n}.xlsx", members(n, start)),
                Area.objects.get(code="511703"), dry_run=True)
        counts.append(len(queries))
    assert counts[1] <= counts[0] + 5, counts



def test_a_reimported_unit_moving_community_takes_its_organisation_along(outside_unit,
                                                                         tmp_path):
    from shequ.organizations.models import PartyOrg, Unit

    unit = Unit.objects.get(credit_code="515117038X6TDCLG42")
    org = PartyOrg.objects.get(unit=unit)
    root = Area.objects.get(code="511703")

    def reimport(community):
        path = book(tmp_path / "u.xlsx", [["单位名称", "信用代码", "类别", "社区"],
                                          [unit.name, unit.credit_code, "事业单位",
                                           f"{community.parent.name}/{community.name}"]])
        return run("units", path, root)

    # 外街街道 has no 党工委: the unit's organisation cannot follow, so the row is refused
    bare = Area.objects.get(code="511703009001")
    assert rejected(reimport(bare)) == {2: ["conflict"]}
    assert Unit.objects.get(pk=unit.pk).area_id == unit.area_id
    # a community of a street that has one: the organisation follows, under that 党工委
    other_street = PartyOrg.objects.filter(kind="street_working_committee").exclude(
        area_id=unit.area.parent_id).first().area
    target = Area.objects.filter(parent=other_street, kind="community").first()
    assert rejected(reimport(target)) == {}
    org.refresh_from_db()
    assert (org.area_id, org.parent.area_id) == (target.pk, other_street.pk)
