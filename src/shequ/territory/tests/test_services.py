"""Territory tree: path assignment and moves."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, Forbidden
from shequ.registry.models import Resident
from shequ.territory import services
from shequ.territory.models import Household
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_paths_are_fixed_width_and_nest(tree):
    assert tree.district.path.count(".") == 0
    assert tree.grid1.path == tree.community.path + ".001"
    assert tree.grid2.path == tree.community.path + ".002"
    assert tree.household1.path == tree.grid1.path


def test_levels_must_follow_the_hierarchy(tree):
    with pytest.raises(DomainError):
        services.area_create(actor=SYSTEM, kind="grid", name="x", parent=tree.street)
    with pytest.raises(DomainError):
        services.area_create(actor=SYSTEM, kind="street", name="x", code="511703009",
                             parent=None)
    with pytest.raises(DomainError) as exc:
        services.area_create(actor=SYSTEM, kind="grid", name="x", code=tree.grid1.code,
                             parent=tree.community)
    assert exc.value.field == "code"


def test_moving_a_building_rewrites_every_copied_path(tree, grid_worker, other_grid_worker):
    # given a resident in grid 1
    r = factories.resident(tree.household1)
    building = tree.household1.entrance.building
    street_admin = factories.user("street_admin", tree.street)
    # when the building moves to grid 2
    services.building_move(actor=street_admin, building=building, grid=tree.grid2)
    # then the household and resident follow, and scopes follow them
    assert Household.objects.get(pk=tree.household1.pk).path == tree.grid2.path
    assert Resident.objects.get(pk=r.pk).path == tree.grid2.path
    assert not Resident.objects.for_actor(grid_worker, "view_people").filter(pk=r.pk).exists()
    assert Resident.objects.for_actor(other_grid_worker, "view_people").filter(pk=r.pk).exists()


def test_community_staff_cannot_move_a_building(tree, staff):
    """Moving housing between grids is set-up work: street or district administrators."""
    with pytest.raises(Forbidden):
        services.building_move(actor=staff, building=tree.household1.entrance.building,
                               grid=tree.grid2)


def test_household_address_is_composed(tree):
    assert tree.household1.address == "金竹苑7栋2单元302"
