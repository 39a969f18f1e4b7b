"""The role × action table of the online party branch, written out by hand (independently
of policies.ROLE_ACTIONS) and checked against a branch inside the grant and one outside."""

import pytest

from shequ.membership.policies import dues_policy, transfer_policy
from shequ.testing import factories

V, D, T, P, S = ("view_branch", "manage_dues", "manage_transfers", "manage_posts",
                 "branch_self_service")
TABLE = {
    "district_admin": {V, D, T, P},
    "street_admin": {V, D, T, P},
    "community_staff": {V, D, T, P},
    "supervisor": {V},
    "grid_worker": set(),
    "unit_liaison": set(),
    "party_member": {S},
    "resident": set(),
    "sysadmin": set(),
    "secadmin": set(),
    "auditor": set(),
}
PLACE = {"district_admin": "district", "street_admin": "street", "grid_worker": "grid1",
         "sysadmin": "district", "secadmin": "district", "auditor": "district"}


@pytest.mark.parametrize("role", sorted(TABLE))
def test_role_table(tree, orgs, far, role):
    user = factories.user(role, getattr(tree, PLACE.get(role, "community")))
    for action in (V, D, T, P, S):
        assert dues_policy.holds(user, action) == (action in TABLE[role]), (role, action)
        if action != S:
            assert dues_policy.can(user, action, orgs["a"].path) == (action in TABLE[role])
            assert dues_policy.can(user, action, far["branch"].path) is False


def test_the_receiving_branch_may_act_on_a_transfer(staff, orgs, far):
    from shequ.membership import services
    t = services.transfer_request(actor=far["staff"], member=far["member"], to_org=orgs["a"])
    assert transfer_policy.can(staff, T, t) and transfer_policy.can(staff, V, t)
    assert not transfer_policy.can(staff, T, t.path)      # not the sending side's business
    assert not transfer_policy.can(None, V, t)
