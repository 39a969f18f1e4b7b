"""The evaluations' role × action table, written out by hand (independently of
ROLE_ACTIONS), and the row rules: a keeper on their own commitment, a resident of the
community on its commitments, nobody outside."""

import pytest

from shequ.accounts.roles import Role
from shequ.evaluations.policies import Action as E
from shequ.evaluations.policies import commitment_policy, evaluator_keys
from shequ.testing import factories

from .test_commitments import publish

ALL = [E.VIEW_EVALUATIONS, E.MANAGE_EVALUATIONS, E.RESPOND, E.KEEP_COMMITMENTS,
       E.RATE_COMMITMENTS]
STAFF = {E.VIEW_EVALUATIONS, E.MANAGE_EVALUATIONS, E.RATE_COMMITMENTS}
EXPECTED = {
    Role.DISTRICT_ADMIN: STAFF,
    Role.STREET_ADMIN: STAFF,
    Role.COMMUNITY_STAFF: STAFF,
    Role.GRID_WORKER: {E.RESPOND},
    Role.SUPERVISOR: {E.VIEW_EVALUATIONS},
    Role.UNIT_LIAISON: {E.RESPOND, E.KEEP_COMMITMENTS},
    Role.PARTY_MEMBER: {E.RESPOND, E.KEEP_COMMITMENTS, E.RATE_COMMITMENTS},
    Role.RESIDENT: {E.RESPOND, E.RATE_COMMITMENTS},
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
def test_row_rules_of_a_commitment(member, neighbour, staff, tree):
    c = publish(member)
    assert commitment_policy.can(member, E.KEEP_COMMITMENTS, c)
    assert commitment_policy.can(neighbour, E.VIEW_EVALUATIONS, c)      # lives there
    assert not commitment_policy.can(neighbour, E.KEEP_COMMITMENTS, c)
    assert commitment_policy.can(staff, E.MANAGE_EVALUATIONS, c)
    other = factories.Tree(prefix="5")
    outsider = factories.user("community_staff", other.community)
    assert not commitment_policy.can(outsider, E.VIEW_EVALUATIONS, c)
    assert not commitment_policy.can(None, E.VIEW_EVALUATIONS, c)


@pytest.mark.django_db
def test_a_liaison_answers_as_each_of_their_units(liaison, orgs):
    assert set(evaluator_keys(liaison)) == {f"user:{liaison.pk}", f"unit:{orgs['hospital'].pk}",
                                            f"unit:{orgs['bank'].pk}"}
    assert evaluator_keys(None) == {}
