"""The services' role × action table, written out by hand (independently of ROLE_ACTIONS),
and the row rule: a resident acts on their own requests only."""

import pytest

from shequ.accounts.roles import Role
from shequ.services import services
from shequ.services.models import RequestChannel
from shequ.services.policies import Action as S
from shequ.services.policies import request_policy
from shequ.testing import factories

ALL = [S.VIEW_SERVICES, S.MANAGE_CATALOGUE, S.HANDLE_REQUESTS, S.RECORD_OPINIONS,
       S.SELF_SERVICE]
STAFF = {S.VIEW_SERVICES, S.HANDLE_REQUESTS, S.RECORD_OPINIONS}
EXPECTED = {
    Role.DISTRICT_ADMIN: STAFF | {S.MANAGE_CATALOGUE},
    Role.STREET_ADMIN: STAFF | {S.MANAGE_CATALOGUE},
    Role.COMMUNITY_STAFF: STAFF | {S.MANAGE_CATALOGUE},
    Role.GRID_WORKER: STAFF,
    Role.SUPERVISOR: {S.VIEW_SERVICES},
    Role.UNIT_LIAISON: set(),
    Role.PARTY_MEMBER: {S.SELF_SERVICE},
    Role.RESIDENT: {S.SELF_SERVICE},
    Role.SYSADMIN: set(),
    Role.SECADMIN: set(),
    Role.AUDITOR: set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_role_action_table(tree, role):
    area = tree.grid1 if role == Role.GRID_WORKER else tree.community
    user = factories.user(role, area)
    assert {a for a in ALL if user.can(a)} == EXPECTED[role]


@pytest.mark.django_db
def test_a_resident_acts_on_their_own_request_only(item, granny, neighbour, staff,
                                                  other_grid_worker):
    mine = services.request_submit(actor=granny.user, item=item, resident=granny,
                                   channel=RequestChannel.PORTAL)
    assert request_policy.can(granny.user, S.SELF_SERVICE, mine)
    assert not request_policy.can(neighbour.user, S.VIEW_SERVICES, mine)
    assert not request_policy.can(granny.user, S.HANDLE_REQUESTS, mine)
    # a grid worker of the other grid does not see grid 1's requests; the supervisor reads
    assert not request_policy.can(other_grid_worker, S.VIEW_SERVICES, mine)
    supervisor = factories.user(Role.SUPERVISOR, mine.resident.household.entrance.building.grid
                                .parent)
    assert request_policy.can(supervisor, S.VIEW_SERVICES, mine)
    assert not request_policy.can(supervisor, S.HANDLE_REQUESTS, mine)
    assert not request_policy.can(None, S.VIEW_SERVICES, mine)
