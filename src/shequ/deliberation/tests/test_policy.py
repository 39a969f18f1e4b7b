"""The role × action table of 要事联商, written out by hand so it can disagree with the
code's own table; and what a role meets on a matter in and out of its community."""

import pytest

from shequ.core.errors import Forbidden, NotFound
from shequ.deliberation.policies import Action, matter_policy
from shequ.testing import factories

V, P, R, M, E, F, U = ("view_matters", "propose_matters", "review_matters", "run_meetings",
                       "execute_matters", "follow_up_resolutions", "unit_resolutions")
TABLE = {
    "district_admin": {V, P, R, M, E, F},
    "street_admin": {V, P, R, M, E, F},
    "community_staff": {V, P, R, M, E, F},
    "supervisor": {V},
    "grid_worker": set(),
    # which resolutions: those of the units they are linked to (test_unit_liaison)
    "unit_liaison": {U},
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
    for action in (V, P, R, M, E, F, U):
        assert matter_policy.can(user, action, approved) is (action in TABLE[role]), action


def test_the_table_names_every_action():
    assert {v for k, v in vars(Action).items() if k.isupper()} == {V, P, R, M, E, F, U}


def test_a_supervisor_sees_but_may_not_act_and_an_outsider_sees_nothing(tree, approved):
    supervisor = factories.user("supervisor", tree.community)
    with pytest.raises(Forbidden):
        matter_policy.require(supervisor, Action.REVIEW_MATTERS, approved)
    outsider = factories.user("community_staff", factories.Tree().community)
    with pytest.raises(NotFound):
        matter_policy.require(outsider, Action.REVIEW_MATTERS, approved)


@pytest.mark.parametrize("role", sorted(TABLE))
def test_a_resolution_by_role_and_by_unit(tree, role, staff, committee):
    """On a resolution, the place decides for staff; a liaison acts on their unit's only."""
    import datetime as dt

    from django.utils import timezone

    from shequ.core.actors import SYSTEM
    from shequ.deliberation import services
    from shequ.deliberation.policies import resolution_policy
    from shequ.members import services as member_services
    from shequ.organizations.models import Unit

    meeting = services.meeting_create(actor=staff, community=tree.community, kind="joint",
                                      title="联席会议", starts_at=timezone.now())
    first, second = Unit.objects.filter(area=tree.community).order_by("id")[:2]
    ours, theirs = (services.resolution_add(actor=staff, meeting=meeting, text=u.name, unit=u,
                                            due_on=timezone.localdate() + dt.timedelta(1))
                    for u in (first, second))
    area = {"district_admin": tree.district, "street_admin": tree.street,
            "grid_worker": tree.grid1}.get(role, tree.community)
    user = factories.user(role, area)
    member_services.liaison_add(actor=SYSTEM, user=user, unit=first)
    for action in (V, F):
        placed = action in TABLE[role]
        assert resolution_policy.can(user, action, theirs) is placed, action
        assert resolution_policy.can(user, action, ours) is (placed or role == "unit_liaison")
