"""Moving a whole area (区划调整): a community to another street, a grid to another
community. Codes are re-derived under the new parent, every path inside follows, the grid
worker of a moved grid still sees exactly their grid, organisations are re-attached, and
the refusals (level, scope, code clash, split compound) leave nothing half-moved."""

import pytest
from django.core.management import CommandError, call_command

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.ledgers import services as case_services
from shequ.ledgers.models import Case, Category
from shequ.organizations import services as org_services
from shequ.organizations.models import PartyOrg
from shequ.registry import selectors as registry_selectors
from shequ.registry.models import Resident
from shequ.territory import services
from shequ.territory.models import Area, Building, Compound, Household
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree):
    """Two streets of one district; the first holds the tree's community."""
    tree.street2 = services.area_create(actor=SYSTEM, kind="street", name="三里坪街道",
                                        code=f"{tree.district.code}002", parent=tree.district)
    tree.community2 = services.area_create(actor=SYSTEM, kind="community", name="南外社区",
                                           code=f"{tree.street2.code}001", parent=tree.street2)
    tree.resident1 = factories.resident(tree.household1, name="王五")
    tree.resident2 = factories.resident(tree.household2, name="赵六")
    sanitation = Category.objects.get(code="sanitation")
    building = Building.objects.get(name="7栋")
    tree.case = case_services.case_create(actor=SYSTEM, category=sanitation,
                                          building=building, source="hotline",
                                          description="楼道堆放垃圾")
    return tree


def _orgs(tree):
    district = org_services.party_org_create(actor=SYSTEM, kind="district_committee",
                                             name="区委", area=tree.district)
    s1 = org_services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                       name="翠屏党工委", area=tree.street, parent=district)
    s2 = org_services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                       name="三里坪党工委", area=tree.street2, parent=district)
    c1 = org_services.party_org_create(actor=SYSTEM, kind="community_committee",
                                       name="翠屏社区党委", area=tree.community, parent=s1)
    return s1, s2, c1


def test_a_community_moves_to_another_street_with_everything_in_it(world):
    # given a grid worker of the first grid and the community's organisations
    tree = world
    worker = factories.user("grid_worker", tree.grid1)
    _s1, s2, c1 = _orgs(tree)
    # a community's code is official: when its last digits are taken under the new street
    # (…001 is 南外社区) the move asks for one
    with pytest.raises(Conflict) as exc:
        services.area_move(actor=SYSTEM, area=tree.community, parent=tree.street2)
    assert exc.value.field == "code"
    # when
    moved = services.area_move(actor=SYSTEM, area=tree.community, parent=tree.street2,
                               code=tree.street2.code + "002")
    # then the code lies under the new street
    assert moved.parent == tree.street2
    assert moved.code == tree.street2.code + "002"
    grid1 = Area.objects.get(pk=tree.grid1.pk)
    assert grid1.code == moved.code + "001" and grid1.path.startswith(moved.path + ".")
    # everything inside follows: housing, residents, cases
    assert Household.objects.get(pk=tree.household1.pk).path == grid1.path
    assert Resident.objects.get(pk=tree.resident1.pk).path == grid1.path
    assert Case.objects.get(pk=tree.case.pk).path == grid1.path
    assert Compound.objects.get(pk=tree.compound.pk).path == moved.path
    # the grid worker still sees exactly their grid
    seen = set(registry_selectors.resident_list(actor=worker).values_list("name", flat=True))
    assert seen == {"王五"}
    # the community's 党委 now hangs under the new street's 党工委
    assert PartyOrg.objects.get(pk=c1.pk).parent_id == s2.pk
    assert PartyOrg.objects.get(pk=c1.pk).path == moved.path
    assert AuditEvent.objects.filter(action="move", entity="area", entity_id=moved.pk).exists()


def test_a_grid_moves_to_another_community_with_its_compound(world):
    tree = world
    worker = factories.user("grid_worker", tree.grid1)
    # the compound has buildings in both grids: refused, nothing moved
    with pytest.raises(Conflict, match="金竹苑"):
        services.area_move(actor=SYSTEM, area=tree.grid1, parent=tree.community2)
    assert Area.objects.get(pk=tree.grid1.pk).parent_id == tree.community.pk
    services.building_move(actor=SYSTEM, building=Building.objects.get(name="8栋"),
                           grid=tree.grid1)
    # when
    grid = services.area_move(actor=SYSTEM, area=tree.grid1, parent=tree.community2)
    # then
    assert grid.code == tree.community2.code + "001"
    assert Compound.objects.get(pk=tree.compound.pk).community_id == tree.community2.pk
    assert Resident.objects.get(pk=tree.resident2.pk).path == grid.path
    seen = set(registry_selectors.resident_list(actor=worker).values_list("name", flat=True))
    assert seen == {"王五", "赵六"}
    assert Case.objects.get(pk=tree.case.pk).path == grid.path


def test_refusals_leave_the_tree_as_it_was(world):
    tree = world
    with pytest.raises(DomainError, match="只有|Only"):
        services.area_move(actor=SYSTEM, area=tree.street, parent=tree.district)
    with pytest.raises(DomainError) as exc:
        services.area_move(actor=SYSTEM, area=tree.community, parent=tree.community2)
    assert exc.value.field == "parent"
    with pytest.raises(DomainError) as exc:
        services.area_move(actor=SYSTEM, area=tree.community, parent=tree.street2,
                           code="999999001001")
    assert exc.value.field == "code"
    # a street admin manages only the old parent: refused
    admin = factories.user("street_admin", tree.street)
    with pytest.raises(NotFound):
        services.area_move(actor=admin, area=tree.community, parent=tree.street2)
    assert Area.objects.get(pk=tree.community.pk).parent_id == tree.street.pk
    assert Resident.objects.get(pk=tree.resident1.pk).path == tree.grid1.path


def test_a_party_organisation_that_cannot_follow_refuses_the_move(world):
    tree = world
    _orgs(tree)
    PartyOrg.objects.filter(name="三里坪党工委").delete()
    with pytest.raises(Conflict, match="三里坪街道"):
        services.area_move(actor=SYSTEM, area=tree.community, parent=tree.street2,
                           code=tree.street2.code + "005")
    assert Area.objects.get(pk=tree.community.pk).parent_id == tree.street.pk
    assert PartyOrg.objects.get(name="翠屏社区党委").path == tree.community.path


def test_the_api_and_the_command_move_an_area(world, client):
    tree = world
    admin = factories.user("district_admin", tree.district)
    r = client.post(f"/api/v1/areas/{tree.grid2.pk}/move", {"parent_id": tree.community2.pk},
                    content_type="application/json", **factories.bearer(admin))
    assert r.status_code == 409 and r.json()["code"] == "conflict"
    other = factories.user("street_admin", tree.street)
    r = client.post(f"/api/v1/areas/{tree.community.pk}/move",
                    {"parent_id": tree.street2.pk}, content_type="application/json",
                    **factories.bearer(other))
    assert r.status_code == 404 and r.json()["field"] == "parent_id"
    r = client.post(f"/api/v1/areas/{tree.community.pk}/move",
                    {"parent_id": tree.street2.pk}, content_type="application/json",
                    **factories.bearer(admin))
    assert r.status_code == 409 and r.json()["field"] == "code"
    r = client.post(f"/api/v1/areas/{tree.community.pk}/move",
                    {"parent_id": tree.street2.pk, "code": tree.street2.code + "002"},
                    content_type="application/json", **factories.bearer(admin))
    assert r.status_code == 200, r.content
    assert r.json()["code"] == tree.street2.code + "002"
    call_command("area", "move", "--area", r.json()["code"], "--parent", tree.street.code)
    assert Area.objects.get(pk=tree.community.pk).parent_id == tree.street.pk
    with pytest.raises(CommandError):
        call_command("area", "move", "--area", tree.community.code)


def test_the_setup_page_moves_a_grid_and_refuses_with_the_reason(world, client):
    tree = world
    client.force_login(factories.user("district_admin", tree.district))
    url = f"/territory/areas/{tree.grid2.pk}/setup/"
    page = client.get(url).content.decode()
    assert 'data-testid="relocate-form"' in page and "南外社区" in page
    refused = client.post(url, {"op": "relocate", "parent": tree.community2.pk})
    assert refused.status_code == 400 and "金竹苑" in refused.content.decode()
    services.building_move(actor=SYSTEM, building=Building.objects.get(name="7栋"),
                           grid=tree.grid2)
    done = client.post(url, {"op": "relocate", "parent": tree.community2.pk})
    assert done.status_code == 302
    assert Area.objects.get(pk=tree.grid2.pk).parent_id == tree.community2.pk
