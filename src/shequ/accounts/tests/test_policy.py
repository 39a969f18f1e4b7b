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


# -- account administration, role × operation (三权分立 against the system administrator) --
# What each role's attempt ends in, written out by hand. "pending": the grant is written
# but reaches nothing until a security administrator approves it; "link": the user is sent
# a one-time link and the administrator sees no password; "refused": Forbidden (or
# NotFound, which is what an out-of-reach account looks like).
OPS = ("create_account", "grant_data_role", "approve_grant", "reset_password")
REFUSED_ALL = dict.fromkeys(OPS, "refused")
ADMIN_EXPECTED = {
    Role.SYSADMIN: {"create_account": "ok", "grant_data_role": "pending",
                    "approve_grant": "refused", "reset_password": "link"},
    Role.SECADMIN: {"create_account": "refused", "grant_data_role": "refused",
                    "approve_grant": "ok", "reset_password": "refused"},
    **{role: REFUSED_ALL for role in Role if role not in (Role.SYSADMIN, Role.SECADMIN)},
}


def _attempt(op, actor, tree):
    from shequ.accounts import services
    from shequ.accounts.models import Grant
    from shequ.core.errors import Forbidden, NotFound

    try:
        if op == "create_account":
            services.user_create(actor=actor, username="newcomer", home_area=tree.community)
            return "ok"
        target = factories.user(username="target")
        target.email = "target@example.com"
        target.save()
        if op == "grant_data_role":
            grant = services.grant_add(actor=actor, user=target, role=Role.DISTRICT_ADMIN,
                                       area=tree.district)
            target.forget_grants()
            reaches = target.can(Action.REVEAL_PII)
            assert reaches == (not grant.is_pending)
            return "pending" if grant.is_pending else "ok"
        if op == "approve_grant":
            sysadmin = factories.user(Role.SYSADMIN, tree.district, username="asker")
            grant = services.grant_add(actor=sysadmin, user=target, role=Role.COMMUNITY_STAFF,
                                       area=tree.community)
            services.grant_approve(actor=actor, grant=grant)
            target.forget_grants()
            assert Grant.objects.filter(pk=grant.pk).exists() and target.can(Action.REVEAL_PII)
            return "ok"
        if op == "reset_password":
            result = services.user_password_reset(actor=actor, user=target,
                                                  site="http://testserver")
            target.refresh_from_db()
            assert not target.check_password(result)  # what the admin got opens nothing
            return "link"
    except (Forbidden, NotFound):
        return "refused"
    raise AssertionError(op)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("op", OPS)
def test_account_administration_table(tree, role, op):
    """Only the security administrator's approval makes a data role reach people's data;
    the system administrator creates accounts and sends reset links, and never learns a
    password."""
    # given
    area = getattr(tree, AREA_FOR.get(role, "district"))
    actor = factories.user(role, area, username="actor")
    # when
    outcome = _attempt(op, actor, tree)
    # then
    assert outcome == ADMIN_EXPECTED[role][op]
