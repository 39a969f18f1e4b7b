"""The role × action table of shared resources, written out by hand so it can disagree with
the code's own table; then the row rules (a unit's delegates, the booker)."""

import pytest

from shequ.accounts.roles import Role
from shequ.resources.policies import Action, booking_policy, is_owner, resource_policy
from shequ.testing import factories

pytestmark = pytest.mark.django_db

V, M, B, VB = (Action.VIEW_RESOURCES, Action.MANAGE_RESOURCES, Action.BOOK,
               Action.VIEW_BOOKINGS)
TABLE = {
    Role.DISTRICT_ADMIN: {V, M, B, VB},
    Role.STREET_ADMIN: {V, M, B, VB},
    Role.COMMUNITY_STAFF: {V, M, B, VB},
    Role.SUPERVISOR: {V, VB},
    Role.GRID_WORKER: {V, B},
    Role.UNIT_LIAISON: {V, B},
    Role.PARTY_MEMBER: {B},
    Role.RESIDENT: {B},
    Role.SYSADMIN: set(),
    Role.SECADMIN: set(),
    Role.AUDITOR: set(),
}


@pytest.mark.parametrize("role", list(TABLE))
@pytest.mark.parametrize("action", [V, M, B, VB])
def test_role_action_table(tree, role, action):
    area = {Role.DISTRICT_ADMIN: tree.district, Role.STREET_ADMIN: tree.street,
            Role.GRID_WORKER: tree.grid1}.get(role, tree.community)
    user = factories.user(role, area)
    assert resource_policy.holds(user, action) == (action in TABLE[role])


def test_place_rules(tree, hall, staff):
    elsewhere = factories.user("community_staff", factories.Tree(prefix="8").community)
    assert resource_policy.can(staff, M, hall)
    assert not resource_policy.can(elsewhere, V, hall)
    grid = factories.user("grid_worker", tree.grid1)
    assert not resource_policy.can(grid, M, hall)


def test_a_units_delegates_own_its_resources(room, hall, delegate, resident, staff):
    assert is_owner(delegate, room) and resource_policy.can(delegate, M, room)
    assert not is_owner(delegate, hall)  # the community's own: staff are its owner
    assert is_owner(staff, hall) and not is_owner(staff, room)
    assert not is_owner(resident, room) and not resource_policy.can(resident, M, room)


def test_a_booker_sees_their_booking_and_nobody_else_does(room, resident, other_resident,
                                                          delegate, day):
    from shequ.resources import services

    from .conftest import at
    b = services.booking_request(actor=resident, resource=room, starts_at=at(day, 9),
                                 ends_at=at(day, 10))
    assert booking_policy.can(resident, VB, b)
    assert booking_policy.can(delegate, VB, b)
    assert not booking_policy.can(other_resident, VB, b)
