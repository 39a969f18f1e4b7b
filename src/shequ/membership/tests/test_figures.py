"""The dashboard's branch figures: per community, the members owing dues (a month since
their start without a payment; not one who left the district, not one not yet due) and
the transfers not yet confirmed; another community's staff see only theirs."""

from __future__ import annotations

import pytest
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.membership.figures import FIGURES
from shequ.membership.models import DuesPayment, DuesProfile, Transfer
from shequ.membership.services.dues import add_months
from shequ.membership.tests.conftest import make_member, make_org
from shequ.testing import factories as f


def _dues(member, since, paid=()):
    DuesProfile.objects.create(member=member, category="employed", monthly_amount=10,
                               since=since, path=member.org.path)
    for month in paid:
        DuesPayment.objects.create(member=member, org=member.org, month=month, amount=10,
                                   method="cash", paid_on=month, path=member.org.path)


def _transfer(member, state):
    return Transfer.objects.create(member=member, from_org=member.org, to_external="外省党组织",
                                   state=state, requested_on=timezone.localdate(),
                                   path=member.org.path)


@pytest.fixture
def other(tree):
    return f.second_community(tree)


@pytest.fixture
def rows(tree, orgs, member, colleague, other_member, other):
    """Dues and transfers of the community's branch and of a branch in the other
    community: who owes and who does not, transfers pending and ended."""
    committee = make_org(tree, "community_committee", "南苑社区党委",
                         orgs["community"].parent, area=other)
    far_branch = make_org(tree, "branch", "南苑党支部", committee, area=other)
    far_member = make_member(tree.household2, "党员丁", far_branch)
    gone = make_member(tree.household1, "党员戊", orgs["a"])
    this = timezone.localdate().replace(day=1)
    months = [add_months(this, -2), add_months(this, -1), this]
    _dues(member, months[0], paid=months[:2])           # this month unpaid: owes
    _dues(colleague, months[0], paid=months)            # all paid
    _dues(other_member, add_months(this, 1))            # not due yet
    _dues(far_member, months[0])                        # owes three months
    _dues(gone, months[0])                              # owes, but left the district
    _transfer(gone, "confirmed")
    _transfer(member, "sent")
    _transfer(colleague, "requested")
    _transfer(far_member, "returned")
    return far_branch


def test_branch_figures_per_community_and_in_scope(tree, rows, other):
    place = f.figure_place(tree.street, tree.community)
    admin = f.user(Role.STREET_ADMIN, tree.street)
    assert f.figure_values(FIGURES, "membership.dues_arrears", admin, place) == {
        tree.community.path: 1, other.path: 1}
    assert f.figure_values(FIGURES, "membership.transfers_pending", admin, place) == {
        tree.community.path: 2}
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    assert f.figure_values(FIGURES, "membership.dues_arrears", theirs, place) == {other.path: 1}
    assert f.figure_values(FIGURES, "membership.transfers_pending", theirs, place) == {}


def test_each_branch_figure_drills_to_the_records_it_counts(client, tree, rows, other, orgs,
                                                            member, colleague):
    admin = f.user(Role.STREET_ADMIN, tree.street)
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    community = f.figure_place(tree.community)

    def drilled(key, actor, place):
        return f.drill_rows(client, FIGURES, f"membership.{key}", actor, place)

    # then the pending transfers out of the community are its list's (not the confirmed)
    assert {t.member_id for t in drilled("transfers_pending", admin, community)} == {
        member.pk, colleague.pk}
    # and the arrears drill to the branches of the area (each lists who owes)
    assert {o.path[:len(tree.community.path)] for o in drilled("dues_arrears", admin,
                                                               community)} == {
        tree.community.path}
    assert drilled("dues_arrears", admin, f.figure_place(other)) == [rows]
    # and the other community's staff drilling into the first community see nothing
    assert drilled("transfers_pending", theirs, community) == []
    assert drilled("dues_arrears", theirs, community) == []
