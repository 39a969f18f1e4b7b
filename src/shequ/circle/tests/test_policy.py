"""The circle's role × action table, written out by hand (independently of ROLE_ACTIONS)."""

import pytest

from shequ.accounts.roles import Role
from shequ.circle.policies import Action as C
from shequ.testing import factories

ALL = [C.VIEW_CIRCLE, C.MANAGE_POINTS]
EXPECTED = {
    Role.DISTRICT_ADMIN: {C.VIEW_CIRCLE, C.MANAGE_POINTS},
    Role.STREET_ADMIN: {C.VIEW_CIRCLE, C.MANAGE_POINTS},
    Role.COMMUNITY_STAFF: {C.VIEW_CIRCLE, C.MANAGE_POINTS},
    Role.GRID_WORKER: {C.VIEW_CIRCLE},
    Role.SUPERVISOR: {C.VIEW_CIRCLE},
    Role.UNIT_LIAISON: set(),
    Role.PARTY_MEMBER: set(),
    Role.RESIDENT: set(),
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
