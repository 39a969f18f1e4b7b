"""Who holds the dashboard's actions, written out by hand (not read from the code's table)."""

from __future__ import annotations

import pytest

from shequ.accounts.roles import Role
from shequ.core import manifest

V, R = "view_dashboard", "refresh_dashboard"
TABLE = {
    Role.DISTRICT_ADMIN: {V, R},
    Role.STREET_ADMIN: {V, R},
    Role.COMMUNITY_STAFF: {V},
    Role.GRID_WORKER: {V},
    Role.SUPERVISOR: {V},
    Role.UNIT_LIAISON: set(),
    Role.PARTY_MEMBER: set(),
    Role.RESIDENT: set(),
    Role.SYSADMIN: set(),
    Role.SECADMIN: set(),
    Role.AUDITOR: set(),
}


@pytest.mark.parametrize("role", list(TABLE))
def test_role_actions(role):
    assert manifest.actions_of(role) & {V, R} == TABLE[role]
