"""The patrols' role × action table, written out by hand (independently of ROLE_ACTIONS),
and the row rule: a member acts on their own shifts only."""

import pytest

from shequ.accounts.roles import Role
from shequ.patrols.policies import Action as P
from shequ.patrols.policies import shift_policy
from shequ.testing import factories

from .conftest import shift_of

ALL = [P.VIEW_PATROLS, P.MANAGE_PATROLS, P.REPORT_INCIDENTS, P.SELF_SERVICE]
EXPECTED = {
    Role.DISTRICT_ADMIN: {P.VIEW_PATROLS, P.MANAGE_PATROLS, P.REPORT_INCIDENTS},
    Role.STREET_ADMIN: {P.VIEW_PATROLS, P.MANAGE_PATROLS, P.REPORT_INCIDENTS},
    Role.COMMUNITY_STAFF: {P.VIEW_PATROLS, P.MANAGE_PATROLS, P.REPORT_INCIDENTS},
    Role.GRID_WORKER: {P.VIEW_PATROLS, P.REPORT_INCIDENTS, P.SELF_SERVICE},
    Role.SUPERVISOR: {P.VIEW_PATROLS},
    Role.UNIT_LIAISON: {P.SELF_SERVICE},
    Role.PARTY_MEMBER: {P.SELF_SERVICE},
    Role.RESIDENT: {P.SELF_SERVICE},
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
def test_a_member_acts_on_their_own_shift_only(plan, member, guard, tree, other_grid_worker):
    mine, his = shift_of(plan, member), shift_of(plan, guard)
    assert shift_policy.can(member.user, P.VIEW_PATROLS, mine)
    assert not shift_policy.can(member.user, P.VIEW_PATROLS, his)
    assert not shift_policy.can(member.user, P.MANAGE_PATROLS, mine)
    # a grid worker of the other grid does not see grid 1's shifts
    assert not shift_policy.can(other_grid_worker, P.VIEW_PATROLS, mine)
