"""The set-up checklist: each count finds exactly what is missing, only inside the
administrator's area, with a constant number of queries; the page, the record lists and the
API show the same figures."""

import datetime as dt

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.coverage import selectors
from shequ.members import services as member_services
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.territory import services as territory_services
from shequ.testing import factories

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


def counts(actor, area) -> dict:
    return {i["key"]: i["count"] for i in selectors.setup_checklist(actor, area)}


@pytest.fixture
def street_admin(tree):
    return factories.user("street_admin", tree.street)


@pytest.fixture
def set_up(tree):
    """One community half set up: grid 1 has a worker and a branch; a unit without a
    liaison; an in-service member not registered; a member parked in the fallback org."""
    d = org_services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                      area=tree.district)
    s = org_services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                      name="党工委", area=tree.street, parent=d)
    committee = org_services.party_org_create(actor=SYSTEM, kind="community_committee",
                                              name="社区党委", area=tree.community, parent=s)
    branch = org_services.party_org_create(actor=SYSTEM, kind="branch", name="第一支部",
                                           area=tree.grid1, parent=committee)
    fallback = org_services.party_org_create(actor=SYSTEM, kind="branch", name="兜底支部",
                                             area=tree.community, parent=committee,
                                             is_fallback=True)
    factories.user("grid_worker", tree.grid1)
    unit = org_services.unit_create(actor=SYSTEM, name="医院", credit_code=CODE,
                                    kind="institution", area=tree.community)
    worker = factories.resident(tree.household1, name="李四")
    member = registry_services.party_member_create(actor=SYSTEM, resident=worker, org=branch,
                                                   joined_on=dt.date(2010, 7, 1), unit=unit)
    parked = factories.resident(tree.household2, name="王五")
    registry_services.party_member_create(actor=SYSTEM, resident=parked, org=fallback,
                                          joined_on=dt.date(2012, 7, 1))
    return {"committee": committee, "unit": unit, "member": member, "branch": branch}


def test_each_count_finds_what_is_missing(street_admin, tree, set_up):
    got = counts(street_admin, tree.street)
    assert got == {
        "grids_without_worker": 1,            # grid 2
        "communities_without_committee": 0,
        "communities_without_da_dang_wei": 1,  # nobody on the 大党委 yet
        "compounds_without_branch": 0,         # grid 1's branch covers 金竹苑
        "buildings_without_branch": 1,         # 8栋 in grid 2
        "members_without_org": 1,              # 王五, parked in the fallback branch
        "in_service_not_registered": 1,        # 李四 works at the hospital
        "units_without_liaison": 1,
        "communities_without_residents": 0,
        "overdue_commitments": 0,
    }
    # when the gaps are closed
    factories.user("grid_worker", tree.grid2)
    org_services.party_org_create(actor=SYSTEM, kind="branch", name="第二支部", area=tree.grid2,
                                  parent=set_up["committee"])
    org_services.part_time_member_add(actor=SYSTEM, committee=set_up["committee"], name="赵六",
                                      unit=set_up["unit"], post="兼职委员")
    member_services.dual_register(actor=SYSTEM, member=set_up["member"], community=tree.community)
    member_services.unit_liaison_link(actor=SYSTEM, unit=set_up["unit"],
                                      user=factories.user("unit_liaison", tree.community))
    # then only the parked member is left
    got = counts(street_admin, tree.street)
    assert {k: v for k, v in got.items() if v} == {"members_without_org": 1}


def test_an_empty_new_community_shows_up_everywhere(street_admin, tree, set_up):
    c = territory_services.area_create(actor=SYSTEM, kind="community", name="新社区",
                                       code=f"{tree.street.code}002", parent=tree.street)
    territory_services.area_create(actor=SYSTEM, kind="grid", name="新网格", parent=c)
    got = counts(street_admin, c)
    assert got["communities_without_committee"] == 1
    assert got["communities_without_residents"] == 1
    assert got["grids_without_worker"] == 1
    assert got["units_without_liaison"] == 0


def test_counts_stay_inside_the_administrators_area(tree, set_up):
    other = factories.Tree()
    outsider = factories.user("street_admin", other.street)
    # the other street's admin cannot open this street's checklist
    with pytest.raises(selectors.NotFound):
        selectors.checklist_area_for_actor(outsider, tree.street.pk)
    # and their own counts do not include this street's gaps
    assert counts(outsider, other.street)["units_without_liaison"] == 0
    # community staff do not set up areas: no checklist
    with pytest.raises(selectors.NotFound):
        selectors.checklist_area_for_actor(factories.user("community_staff", tree.community))


def test_the_checklist_asks_a_constant_number_of_queries(django_assert_max_num_queries,
                                                         street_admin, tree, set_up):
    # given a user whose grants are read once
    street_admin.forget_grants()
    with django_assert_max_num_queries(1 + len(selectors.CHECKS)):
        counts(street_admin, tree.street)
    # when the street grows by a community with grids, units and buildings
    c = territory_services.area_create(actor=SYSTEM, kind="community", name="新社区",
                                       code=f"{tree.street.code}002", parent=tree.street)
    for _i in range(5):
        g = territory_services.area_create(actor=SYSTEM, kind="grid", name="网格", parent=c)
        territory_services.building_create(actor=SYSTEM, grid=g, compound=None, name="1栋")
    street_admin.forget_grants()
    # then the number of queries does not change
    with django_assert_max_num_queries(1 + len(selectors.CHECKS)):
        counts(street_admin, tree.street)


def test_the_page_links_each_count_to_its_records(client, street_admin, tree, set_up,
                                                   django_assert_max_num_queries):
    client.force_login(street_admin)
    page = client.get(reverse("coverage:checklist")).content.decode()
    assert 'data-check="grids_without_worker" data-count="1"' in page
    url = reverse("coverage:records", args=[tree.street.pk, "grids_without_worker"])
    assert url in page
    records = client.get(url).content.decode()
    assert "第二网格" in records and "第一网格" not in records
    assert 'data-testid="result-count">1<' in records
    # unknown check, out-of-scope area: 404
    assert client.get(reverse("coverage:records", args=[tree.street.pk, "nope"])).status_code == 404
    other = factories.Tree()
    assert client.get(reverse("coverage:area-checklist", args=[other.street.pk])).status_code == 404


def test_the_page_is_in_the_menu_of_administrators_only(client, street_admin, staff):
    client.force_login(street_admin)
    assert reverse("coverage:checklist") in client.get("/").content.decode()
    client.force_login(staff)
    assert reverse("coverage:checklist") not in client.get("/").content.decode()
    assert client.get(reverse("coverage:checklist")).status_code == 404


def test_the_api_gives_the_same_counts_and_records(client, street_admin, tree, set_up):
    client.force_login(street_admin)
    body = client.get(f"/api/v1/coverage/areas/{tree.street.pk}/checklist").json()
    by_key = {c["key"]: c for c in body["checks"]}
    assert by_key["units_without_liaison"]["count"] == 1
    records = client.get(by_key["units_without_liaison"]["url"]).json()
    assert [r["title"] for r in records["items"]] == ["医院"]
    r = client.get(f"/api/v1/coverage/areas/{tree.street.pk}/checklist/nope")
    assert r.status_code == 404 and r.json()["field"] == "check"
    other = factories.Tree()
    r = client.get(f"/api/v1/coverage/areas/{other.street.pk}/checklist")
    assert r.status_code == 404 and set(r.json()) == {"code", "message", "field"}
