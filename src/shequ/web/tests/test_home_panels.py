"""Each role's home shows what it has to do (issue 8): a grid worker's visit button and
cases, community staff's queues, a resident's reports, sign-ups, points and votes; the
administrators keep their scope counts. The panels come from the apps' registrations."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.accounts import services as account_services
from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core import home
from shequ.core.actors import SYSTEM
from shequ.ledgers import services as case_services
from shequ.ledgers.models import Category
from shequ.testing.home import figure

from .demo_users import role_users

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def users(tree):
    return role_users(tree)


def _case(tree, *, actor=SYSTEM, days_ago=0, assign_to_self=False, reporter=None):
    received = timezone.now() - dt.timedelta(days=days_ago)
    return case_services.case_create(
        actor=actor, category=Category.objects.get(code="sanitation"),
        description="楼道堆放垃圾", source="hotline" if actor is SYSTEM else "visit",
        building=tree.household1.entrance.building, received_at=received,
        assign_to_self=assign_to_self, reporter=reporter, evaluate_warnings=False)


def test_a_residents_home_shows_their_own_affairs_not_a_scope(client, tree, users):
    """No 职责范围 or 辖区概况 (a resident has none); their open report, sign-ups, points
    balance and votes instead."""
    # given
    resident = users[Role.RESIDENT]
    _case(tree, reporter=resident.resident)
    client.force_login(resident)
    # when
    page = text(client.get("/"))
    # then
    assert 'data-testid="counts"' not in page and 'data-testid="grants"' not in page
    assert figure(page, "正在办理") == 1
    assert figure(page, "积分余额") == 0
    assert figure(page, "我的报名") == 0 and figure(page, "进行中的投票") == 0
    assert reverse("ledgers:report") in page


def test_a_grid_workers_home_has_the_visit_button_and_their_cases(client, tree, users):
    """走访登记 in one tap; their open cases and, among them, the overdue ones."""
    # given
    worker = users[Role.GRID_WORKER]
    _case(tree, actor=worker, assign_to_self=True)
    _case(tree, actor=worker, assign_to_self=True, days_ago=40)
    client.force_login(worker)
    # when
    page = text(client.get("/"))
    # then
    button = re.search(r'<a class="btn btn-primary btn-big" href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert button.groups() == (reverse("ledgers:case-new"), "走访登记")
    assert figure(page, "未结") == 2
    assert figure(page, "超期") == 1
    assert 'data-count="residents"' in page  # the grid's counts stay below


def test_community_staff_see_todays_work(client, tree, users):
    """Cases to dispatch, overdue cases, warnings to acknowledge, records to verify."""
    # given
    staff = users[Role.COMMUNITY_STAFF]
    _case(tree)
    _case(tree, days_ago=40)
    client.force_login(staff)
    # when
    page = text(client.get("/"))
    # then
    assert figure(page, "待派单") == 2
    assert figure(page, "超期") == 1
    assert figure(page, "待签收预警") == 0
    assert figure(page, "待核实的服务记录") == 0
    assert "走访登记" not in page


def test_administrators_keep_their_scope_counts(client, tree, users):
    """A district administrator's home is the district's counts, not one community's
    queues; the auditor's is the audit log."""
    # given
    client.force_login(users[Role.DISTRICT_ADMIN])
    # when
    admin_page = text(client.get("/"))
    client.force_login(users[Role.AUDITOR])
    auditor_page = text(client.get("/"))
    # then
    assert 'data-testid="counts"' in admin_page
    assert 'data-testid="panels"' not in admin_page
    assert 'data-testid="panels"' not in auditor_page


def _queries(user) -> int:
    fresh = User.objects.get(pk=user.pk)  # as a request sees it: nothing cached yet
    with CaptureQueriesContext(connection) as ctx:
        home.panels_for(fresh)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", [Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.RESIDENT])
def test_the_panels_query_count_does_not_grow_with_rows(tree, users, role):
    """Each role's panels cost the same number of queries with 1 case as with 12."""
    # given
    user = users[role]
    worker, resident = users[Role.GRID_WORKER], users[Role.RESIDENT].resident
    # the worker also covers the resident's grid: only someone who may see a resident may
    # name them as a case's reporter
    account_services.grant_add(actor=SYSTEM, user=worker, role=Role.GRID_WORKER,
                               area=tree.grid2)
    _case(tree, actor=worker, assign_to_self=True, reporter=resident)
    few = _queries(user)
    for n in range(11):
        _case(tree, actor=worker, assign_to_self=True, reporter=resident, days_ago=n * 5)
    # when
    many = _queries(user)
    # then
    assert many == few
    # 8 for the panels and the shell, 1 for the top bar's unread badge, 1 for the service
    # requests' queue (民生联解: waiting and overdue in one aggregate), 1 for a resident's open
    # surveys and commitments to rate (干部联评)
    assert many <= 11
