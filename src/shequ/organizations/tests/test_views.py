"""Party organisation list: scoped to the user's territory."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.organizations import services
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(tree):
    district = services.party_org_create(actor=SYSTEM, kind="district_committee",
                                         name="达川区委", area=tree.district)
    street = services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                       name="翠屏街道党工委", area=tree.street, parent=district)
    community = services.party_org_create(actor=SYSTEM, kind="community_committee",
                                          name="翠屏社区党委", area=tree.community, parent=street)
    branch = services.party_org_create(actor=SYSTEM, kind="branch", name="第一网格党支部",
                                       area=tree.grid1, parent=community)
    return {"district": district, "community": community, "branch": branch}


def test_community_staff_see_their_community_and_below(client, staff, orgs):
    client.force_login(staff)
    page = client.get("/organizations/").content.decode()
    assert "翠屏社区党委" in page and "第一网格党支部" in page
    assert "达川区委" not in page


def test_a_grid_worker_sees_only_their_grids_branch(client, grid_worker, orgs):
    client.force_login(grid_worker)
    page = client.get("/organizations/").content.decode()
    assert "第一网格党支部" in page
    assert "翠屏社区党委" not in page


def test_the_kind_filter(client, staff, orgs):
    client.force_login(staff)
    page = client.get("/organizations/", {"kind": "branch"}).content.decode()
    assert "第一网格党支部" in page and "翠屏社区党委" not in page


def test_roles_without_party_access_get_404(client, tree, orgs):
    client.force_login(factories.user("auditor", tree.district))
    assert client.get("/organizations/").status_code == 404
