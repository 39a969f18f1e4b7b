"""The branches' role × action table, written out by hand (independently of ROLE_ACTIONS),
the row rule that lets those below a responsibility item see it, and query counts of the
list selectors (no query per row)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.branches import selectors, services
from shequ.branches.models import MeetingKind
from shequ.branches.policies import Action as B
from shequ.branches.policies import responsibility_policy
from shequ.branches.rules import month_index
from shequ.testing import factories

ALL = [B.VIEW_BRANCHES, B.MANAGE_BRANCHES, B.MANAGE_CHAIN, B.CONFIGURE_RULES, B.SELF_SERVICE]
EXPECTED = {
    Role.DISTRICT_ADMIN: {B.VIEW_BRANCHES, B.MANAGE_BRANCHES, B.MANAGE_CHAIN,
                          B.CONFIGURE_RULES},
    Role.STREET_ADMIN: {B.VIEW_BRANCHES, B.MANAGE_BRANCHES, B.MANAGE_CHAIN},
    Role.COMMUNITY_STAFF: {B.VIEW_BRANCHES, B.MANAGE_BRANCHES, B.MANAGE_CHAIN},
    Role.GRID_WORKER: set(),
    Role.SUPERVISOR: {B.VIEW_BRANCHES},
    Role.UNIT_LIAISON: set(),
    Role.PARTY_MEMBER: {B.SELF_SERVICE},
    Role.RESIDENT: set(),
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
def test_those_below_see_an_item_but_do_not_act_on_it(tree, district_admin, staff):
    item = services.responsibility_create(actor=district_admin, area=tree.district,
                                          title="x", owner="区委", due_on=dt.date(2030, 1, 1))
    assert responsibility_policy.can(staff, B.VIEW_BRANCHES, item)
    assert not responsibility_policy.can(staff, B.MANAGE_CHAIN, item)
    other = factories.user(Role.COMMUNITY_STAFF, factories.Tree("6").community)
    assert not responsibility_policy.can(other, B.VIEW_BRANCHES, item)


def _count(fn):
    fn()
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


@pytest.mark.django_db
def test_list_selectors_take_a_fixed_number_of_queries(party, staff, district_admin,
                                                       street_admin, tree):
    today = timezone.localdate()
    first = month_index(today) - 3

    def meetings():
        return [m.branch.name for m in selectors.meeting_list(actor=staff)]

    def links():
        return [(lk.item.area.name, lk.missing) for lk in selectors.chain_view(actor=staff)]

    def gaps():
        return selectors.shortfalls(actor=staff, first=first, last=first + 2)

    def chain_of(title):
        head = services.responsibility_create(actor=district_admin, area=tree.district,
                                              title=title, owner="区委",
                                              due_on=dt.date(2030, 1, 1))
        street = services.responsibility_derive(actor=street_admin, parent=head,
                                                area=tree.street, owner="街道",
                                                due_on=head.due_on)
        services.responsibility_derive(actor=staff, parent=street, area=tree.community,
                                       owner="社区", due_on=head.due_on)

    services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                            topic="a", planned_on=today)
    chain_of("一")
    before = [_count(meetings), _count(links), _count(gaps)]
    for i in range(4):
        services.meeting_create(actor=staff, branch=party.other, kind=MeetingKind.GROUP,
                                topic=f"b{i}", planned_on=today, held_on=today)
    chain_of("二")
    assert [_count(meetings), _count(links), _count(gaps)] == before
