"""The ledgers' permission policy as a role × action table: which role may do what with
cases, warnings, settings, the resident portal and reporters' phones."""

import pytest

from shequ.accounts.roles import Role
from shequ.ledgers.policies import REVEAL_PII, Action
from shequ.testing import factories

pytestmark = pytest.mark.django_db

ACTIONS = [Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES,
           Action.MANAGE_CATEGORIES, Action.REPORT_CASES, REVEAL_PII]
# role: (view, handle, assign, manage settings, report on the portal, reveal)
TABLE = {
    Role.DISTRICT_ADMIN: (1, 1, 1, 1, 0, 1),
    Role.STREET_ADMIN: (1, 1, 1, 0, 0, 1),
    Role.COMMUNITY_STAFF: (1, 1, 1, 0, 0, 1),
    Role.GRID_WORKER: (1, 1, 0, 0, 0, 1),
    Role.SUPERVISOR: (1, 0, 0, 0, 0, 0),
    Role.UNIT_LIAISON: (0, 0, 0, 0, 0, 0),
    Role.PARTY_MEMBER: (0, 0, 0, 0, 1, 0),
    Role.RESIDENT: (0, 0, 0, 0, 1, 0),
    Role.SYSADMIN: (0, 0, 0, 0, 0, 0),
    Role.SECADMIN: (0, 0, 0, 0, 0, 0),
    Role.AUDITOR: (0, 0, 0, 0, 0, 0),
}


def test_the_table_covers_every_role():
    assert set(TABLE) == set(Role)


@pytest.mark.parametrize("role", list(TABLE), ids=str)
def test_role_actions(tree, role):
    user = factories.user(role, tree.grid1 if role == Role.GRID_WORKER else tree.community)
    assert tuple(int(user.can(a)) for a in ACTIONS) == TABLE[role]
