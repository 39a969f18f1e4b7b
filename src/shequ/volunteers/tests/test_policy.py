"""Role × action tables of the four apps' permission policies (written out independently of
the ROLE_ACTIONS they register, so a change there must be made deliberately here too)."""

import pytest

from shequ.accounts.roles import Role
from shequ.campaigns.policies import Action as C
from shequ.courses.policies import Action as K
from shequ.members.policies import Action as M
from shequ.testing import factories
from shequ.volunteers.policies import Action as V

STAFF_V = {V.VIEW_VOLUNTEERS, V.MANAGE_VOLUNTEERS, V.POST_NEEDS, V.VERIFY_SERVICE,
           V.VIEW_POINTS, V.MANAGE_POINTS}
EXPECTED = {
    Role.DISTRICT_ADMIN: STAFF_V | {V.CONFIGURE, V.ADJUST_POINTS, M.VIEW_DUAL, M.MANAGE_DUAL,
                                    M.MANAGE_FALLBACK, C.VIEW_CAMPAIGNS, C.MANAGE_ACTIVITIES,
                                    C.MANAGE_SELECTIONS, K.VIEW_COURSES, K.MANAGE_COURSES},
    Role.STREET_ADMIN: STAFF_V | {V.ADJUST_POINTS, M.VIEW_DUAL, M.MANAGE_DUAL,
                                  M.MANAGE_FALLBACK, C.VIEW_CAMPAIGNS, C.MANAGE_ACTIVITIES,
                                  C.MANAGE_SELECTIONS, K.VIEW_COURSES, K.MANAGE_COURSES},
    Role.COMMUNITY_STAFF: STAFF_V | {M.VIEW_DUAL, M.MANAGE_DUAL, M.MANAGE_FALLBACK,
                                     C.VIEW_CAMPAIGNS, C.MANAGE_ACTIVITIES,
                                     C.MANAGE_SELECTIONS, K.VIEW_COURSES, K.MANAGE_COURSES},
    Role.GRID_WORKER: {V.VIEW_VOLUNTEERS, V.POST_NEEDS, C.VIEW_CAMPAIGNS, K.VIEW_COURSES},
    Role.SUPERVISOR: {V.VIEW_VOLUNTEERS, V.VIEW_POINTS, M.VIEW_DUAL, C.VIEW_CAMPAIGNS,
                      K.VIEW_COURSES},
    Role.UNIT_LIAISON: {M.UNIT_REPORTS},
    Role.PARTY_MEMBER: {V.SELF_SERVICE, M.SELF_SERVICE, C.SELF_SERVICE, K.SELF_SERVICE},
    Role.RESIDENT: {V.SELF_SERVICE, C.SELF_SERVICE, K.SELF_SERVICE},
    Role.SYSADMIN: set(),
    Role.SECADMIN: set(),
    Role.AUDITOR: set(),
}
ALL = sorted({v for cls in (V, M, C, K) for k, v in vars(cls).items() if k.isupper()})


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_role_action_table(tree, role):
    area = tree.grid1 if role == Role.GRID_WORKER else tree.community
    user = factories.user(role, area)
    assert {a for a in ALL if user.can(a)} == EXPECTED[role]


@pytest.mark.django_db
def test_staff_actions_stop_at_their_community(tree):
    from shequ.testing.factories import Tree
    staff = factories.user(Role.COMMUNITY_STAFF, tree.community)
    other = Tree()
    assert staff.scope_for(V.VERIFY_SERVICE).covers_path(tree.household1.path)
    assert not staff.scope_for(V.VERIFY_SERVICE).covers_path(other.household1.path)
