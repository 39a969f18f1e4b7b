"""Setting up party organisations, 大党委 and units over the JSON API."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.members.models import UnitLiaison
from shequ.organizations import services
from shequ.organizations.models import PartyOrg
from shequ.testing import factories
from shequ.testing.jsonapi import send, signed_in

pytestmark = pytest.mark.django_db
API = "/api/v1"
CODE = "91350100M000100Y43"


@pytest.fixture
def api(client):
    return lambda user: signed_in(client, user)


@pytest.fixture
def street_org(tree):
    d = services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                  area=tree.district)
    return services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                     name="街道党工委", area=tree.street, parent=d)


def test_committee_units_and_part_time_members(api, tree, street_org):
    c = api(factories.user("street_admin", tree.street))
    r = send(c, "post", f"{API}/party-orgs", {"kind": "community_committee", "name": "社区党委",
                                              "area_id": tree.community.pk,
                                              "parent_id": street_org.pk})
    assert r.status_code == 201, r.content
    committee = r.json()
    r = send(c, "post", f"{API}/units", {"name": "医院", "credit_code": CODE.lower(),
                                         "kind": "institution", "area_id": tree.community.pk})
    unit = r.json()
    assert unit["credit_code"] == CODE
    unit_org = send(c, "post", f"{API}/party-orgs", {"kind": "unit_org", "name": "医院党委",
                                                     "area_id": tree.community.pk,
                                                     "parent_id": street_org.pk,
                                                     "unit_id": unit["id"]}).json()
    r = send(c, "post", f"{API}/party-orgs/{committee['id']}/member-orgs",
             {"org_id": unit_org["id"]})
    assert r.status_code == 200, r.content
    r = send(c, "post", f"{API}/party-orgs/{committee['id']}/part-time-members",
             {"name": "李华", "unit_id": unit["id"], "post": "兼职委员",
              "term_start": "2026-01-01", "term_end": "2028-12-31"})
    assert r.status_code == 201, r.content
    listed = c.get(f"{API}/party-orgs/{committee['id']}/part-time-members").json()
    assert [m["post"] for m in listed] == ["兼职委员"]
    r = send(c, "patch", f"{API}/units/{unit['id']}", {"address": "通川路1号"})
    assert r.json()["address"] == "通川路1号"
    # a liaison account in the street is linked and unlinked
    liaison = factories.user("unit_liaison", tree.community, username="hospital-liaison")
    r = send(c, "post", f"{API}/members/units/{unit['id']}/liaisons",
             {"username": "hospital-liaison"})
    assert r.status_code == 201, r.content
    assert UnitLiaison.objects.filter(user=liaison).exists()
    r = c.delete(f"{API}/members/units/{unit['id']}/liaisons/{liaison.pk}")
    assert r.status_code == 204
    r = send(c, "post", f"{API}/units/{unit['id']}/close", {"reason": "迁出"})
    assert r.json()["closed_at"]


def test_refusals(api, tree, street_org):
    c = api(factories.user("street_admin", tree.street))
    # a party group directly under the street committee breaks the chain
    r = send(c, "post", f"{API}/party-orgs", {"kind": "group", "name": "党小组",
                                              "area_id": tree.grid1.pk,
                                              "parent_id": street_org.pk})
    assert r.status_code == 400 and r.json()["field"] == "parent"
    r = send(c, "post", f"{API}/units", {"name": "x", "credit_code": CODE[:-1] + "4",
                                         "kind": "enterprise", "area_id": tree.community.pk})
    assert r.status_code == 400 and r.json()["code"] == "uscc_checksum"
    # dissolving the street committee with a district above and nothing below is fine
    # for its district, but not for a street admin who does not hold the district
    r = send(c, "post", f"{API}/party-orgs/{street_org.parent_id}/dissolve", {})
    assert r.status_code == 404
    # an unknown liaison username
    unit = services.unit_create(actor=SYSTEM, name="u", credit_code=CODE, kind="enterprise",
                                area=tree.community)
    r = send(c, "post", f"{API}/members/units/{unit.pk}/liaisons", {"username": "nobody"})
    assert r.status_code == 404 and r.json()["field"] == "username"
    assert PartyOrg.objects.count() == 2
