"""The role × action table of 要事联商, written out by hand so it can disagree with the
code's own table; and what a role meets on a matter in and out of its community."""

import pytest

from shequ.core.errors import Forbidden, NotFound
from shequ.deliberation.policies import Action, matter_policy
from shequ.testing import factories

V, P, R, M, E = ("view_matters", "propose_matters", "review_matters", "run_meetings",
                 "execute_matters")
TABLE = {
    "district_admin": {V, P, R, M, E},
    "street_admin": {V, P, R, M, E},
    "community_staff": {V, P, R, M, E},
    "supervisor": {V},
    "grid_worker": set(),
    "unit_liaison": set(),
    "party_member": set(),
    "resident": set(),
    "sysadmin": set(),
    "secadmin": set(),
    "auditor": set(),
}


@pytest.mark.parametrize("role", sorted(TABLE))
def test_role_action_table(tree, role, approved):
    area = {"district_admin": tree.district, "sysadmin": tree.district,
            "secadmin": tree.district, "auditor": tree.district, "street_admin": tree.street,
            "grid_worker": tree.grid1}.get(role, tree.community)
    user = factories.user(role, area)
    for action in (V, P, R, M, E):
        assert matter_policy.can(user, action, approved) is (action in TABLE[role]), action


def test_the_table_names_every_action():
    assert {v for k, v in vars(Action).items() if k.isupper()} == {V, P, R, M, E}


def test_a_supervisor_sees_but_may_not_act_and_an_outsider_sees_nothing(tree, approved):
    supervisor = factories.user("supervisor", tree.community)
    with pytest.raises(Forbidden):
        matter_policy.require(supervisor, Action.REVIEW_MATTERS, approved)
    outsider = factories.user("community_staff", factories.Tree().community)
    with pytest.raises(NotFound):
        matter_policy.require(outsider, Action.REVIEW_MATTERS, approved)
