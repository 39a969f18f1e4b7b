"""Role × action table: who may do what, and only inside their grants."""

import pytest

from shequ.accounts.roles import Action, Role
from shequ.testing import factories

A = Action
# Expected policy, written out independently of ROLE_ACTIONS so a change there must be
# made deliberately here too.
EXPECTED = {
    Role.DISTRICT_ADMIN: {A.VIEW_TERRITORY, A.MANAGE_TERRITORY, A.VIEW_PEOPLE, A.EDIT_PEOPLE,
                          A.REVEAL_PII, A.EXPORT_PEOPLE, A.VIEW_PARTY, A.EDIT_PARTY},
    Role.STREET_ADMIN: {A.VIEW_TERRITORY, A.MANAGE_TERRITORY, A.VIEW_PEOPLE, A.EDIT_PEOPLE,
                        A.REVEAL_PII, A.EXPORT_PEOPLE, A.VIEW_PARTY, A.EDIT_PARTY},
    Role.COMMUNITY_STAFF: {A.VIEW_TERRITORY, A.VIEW_PEOPLE, A.EDIT_PEOPLE, A.REVEAL_PII,
                           A.EXPORT_PEOPLE, A.VIEW_PARTY, A.EDIT_PARTY},
    Role.GRID_WORKER: {A.VIEW_TERRITORY, A.VIEW_PEOPLE, A.EDIT_PEOPLE, A.REVEAL_PII, A.VIEW_PARTY},
    Role.SUPERVISOR: {A.VIEW_TERRITORY, A.VIEW_PEOPLE, A.VIEW_PARTY},
    Role.UNIT_LIAISON: {A.VIEW_TERRITORY},
    Role.PARTY_MEMBER: set(),
    Role.RESIDENT: set(),
    Role.SYSADMIN: {A.MANAGE_ACCOUNTS},
    Role.SECADMIN: {A.MANAGE_SECURITY},
    Role.AUDITOR: {A.VIEW_AUDIT},
}
ALL_ACTIONS = sorted(v for k, v in vars(Action).items() if k.isupper())
AREA_FOR = {Role.GRID_WORKER: "grid1"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_role_action_table(tree, role, action):
    area = getattr(tree, AREA_FOR.get(role, "community"))
    user = factories.user(role, area)
    assert user.can(action) == (action in EXPECTED[role])


@pytest.mark.django_db
def test_grant_covers_subtree_only(tree):
    gw = factories.user(Role.GRID_WORKER, tree.grid1)
    scope = gw.scope_for(Action.VIEW_PEOPLE)
    assert scope.covers_path(tree.household1.path)
    assert not scope.covers_path(tree.household2.path)
    assert not scope.covers_path(tree.community.path)


@pytest.mark.django_db
def test_inactive_user_reaches_nothing(tree):
    staff = factories.user(Role.COMMUNITY_STAFF, tree.community)
    staff.is_active = False
    assert staff.scope_for(Action.VIEW_PEOPLE).is_empty


@pytest.mark.django_db
def test_resident_role_sees_own_record_and_household(tree):
    me = factories.resident(tree.household1, name="本人")
    spouse = factories.resident(tree.household1, name="配偶", relation="spouse")
    user = factories.user(Role.RESIDENT, tree.community)
    me.user = user
    me.save()
    scope = user.scope_for(Action.VIEW_PEOPLE)
    assert scope.paths == ()
    assert scope.self_ids == {"resident": frozenset({me.pk}),
                              "household": frozenset({tree.household1.pk})}
    assert spouse.pk not in scope.self_ids["resident"]
