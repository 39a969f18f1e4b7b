"""The role × action table of 创业联助, written out by hand so it can disagree with the
code's own table; then the row rules (a unit's recruiter, the resident's own profile)."""

import pytest

from shequ.accounts.roles import Role
from shequ.talent.policies import (
    Action,
    demand_policy,
    is_recruiter,
    member_policy,
    profile_policy,
    referral_policy,
)
from shequ.testing import factories

pytestmark = pytest.mark.django_db

V, M, R, S = Action.VIEW_TALENT, Action.MANAGE_TALENT, Action.RECRUIT, Action.SELF_SERVICE
TABLE = {
    Role.DISTRICT_ADMIN: {V, M},
    Role.STREET_ADMIN: {V, M},
    Role.COMMUNITY_STAFF: {V, M},
    Role.SUPERVISOR: {V},
    Role.GRID_WORKER: {V},
    Role.UNIT_LIAISON: {R},
    Role.PARTY_MEMBER: {S},
    Role.RESIDENT: {S},
    Role.SYSADMIN: set(),
    Role.SECADMIN: set(),
    Role.AUDITOR: set(),
}


@pytest.mark.parametrize("role", list(TABLE))
@pytest.mark.parametrize("action", [V, M, R, S])
def test_role_action_table(tree, role, action):
    area = {Role.DISTRICT_ADMIN: tree.district, Role.STREET_ADMIN: tree.street,
            Role.GRID_WORKER: tree.grid1}.get(role, tree.community)
    user = factories.user(role, area)
    assert member_policy.holds(user, action) == (action in TABLE[role])


def test_place_rules(tree, staff, alice_profile):
    elsewhere = factories.user("community_staff", factories.Tree(prefix="8").community)
    assert profile_policy.can(staff, M, alice_profile)
    assert not profile_policy.can(elsewhere, V, alice_profile)
    supervisor = factories.user("supervisor", tree.community)
    assert profile_policy.can(supervisor, V, alice_profile)
    assert not profile_policy.can(supervisor, M, alice_profile)


def test_a_recruiter_runs_their_units_demands_only(tree, demand, recruiter, alice_profile,
                                                    staff):
    from shequ.talent import services
    assert is_recruiter(recruiter) and not is_recruiter(staff)
    assert demand_policy.can(recruiter, M, demand)
    other = factories.user("unit_liaison", tree.community)
    assert not demand_policy.can(other, V, demand)
    referral = services.refer(actor=staff, demand=demand, profile=alice_profile)
    assert referral_policy.can(recruiter, M, referral)
    assert not profile_policy.can(recruiter, V, alice_profile)   # the reserve stays staff's


def test_a_resident_sees_their_own_profile_and_referral(demand, alice_profile, bob_profile,
                                                        staff):
    from shequ.talent import services
    alice = alice_profile.resident.user
    assert profile_policy.can(alice, V, alice_profile)
    assert not profile_policy.can(alice, M, alice_profile)
    assert not profile_policy.can(alice, V, bob_profile)
    referral = services.refer(actor=staff, demand=demand, profile=alice_profile)
    assert referral_policy.can(alice, V, referral) and not referral_policy.can(alice, M, referral)
