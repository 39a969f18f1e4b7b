"""Who supervises: the role × action table, and the community scope of the pages."""

import pytest
from django.urls import reverse

from shequ.accounts.roles import Role
from shequ.supervision.policies import Action, can_view_summaries
from shequ.testing import factories

pytestmark = pytest.mark.django_db

ACTIONS = [Action.VIEW_SUPERVISION, Action.SUPERVISE, Action.ANSWER_FLAGS]
TABLE = {
    Role.DISTRICT_ADMIN: (1, 1, 1),
    Role.STREET_ADMIN: (1, 1, 1),
    Role.COMMUNITY_STAFF: (1, 0, 1),
    Role.SUPERVISOR: (1, 1, 0),
    Role.GRID_WORKER: (0, 0, 0),
    Role.UNIT_LIAISON: (0, 0, 0),
    Role.PARTY_MEMBER: (0, 0, 0),
    Role.RESIDENT: (0, 0, 0),
    Role.SYSADMIN: (0, 0, 0),
    Role.SECADMIN: (0, 0, 0),
    Role.AUDITOR: (0, 0, 0),
}


def test_the_table_covers_every_role():
    assert set(TABLE) == set(Role.values)


@pytest.mark.parametrize("role", list(TABLE))
def test_role_actions(role):
    tree = factories.Tree()
    area = {Role.DISTRICT_ADMIN: tree.district, Role.STREET_ADMIN: tree.street,
            Role.GRID_WORKER: tree.grid1}.get(role, tree.community)
    user = factories.user(role, area)
    assert tuple(int(user.can(a)) for a in ACTIONS) == TABLE[role]


def test_another_communitys_staff_cannot_read_the_summary(client):
    tree, other = factories.Tree(), factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    r = client.get(reverse("supervision:weekly"), {"community": tree.community.pk})
    # a foreign id is as if none was given: their own community is shown, never the other
    assert r.status_code == 200 and r.context["community"] == other.community
    client.force_login(factories.user("grid_worker", tree.grid1))
    assert not can_view_summaries(factories.user("grid_worker", tree.grid1))
    assert client.get(reverse("supervision:weekly")).status_code == 404
