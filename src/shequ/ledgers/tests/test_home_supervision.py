"""The supervision committee's home (监委会, issue 8 item 15): their community's overdue
cases and those resolved this week, read-only, with the way to the weekly summary; the
panel costs the same queries for 1 case as for 12, and dispatchers do not get it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core import home
from shequ.ledgers.models import Case, CaseState
from shequ.testing import factories
from shequ.testing.home import figure, panel_queries

pytestmark = pytest.mark.django_db



def _overdue(make_case, title="楼道堆放垃圾"):
    case = make_case(description=title)
    Case.objects.filter(pk=case.pk).update(due_at=timezone.now() - dt.timedelta(days=2))
    return case


def _resolved(make_case, days_ago=1):
    case = make_case()
    Case.objects.filter(pk=case.pk).update(
        state=CaseState.RESOLVED, resolved_at=timezone.now() - dt.timedelta(days=days_ago))
    return case


def test_a_supervisors_home_lists_cases_to_comment_on(client, supervisor, make_case):
    """Overdue and recently resolved cases are counted and listed with links to the case;
    an old resolved one and an on-time open one are not; the weekly summary is one tap."""
    # given
    late = _overdue(make_case)
    done = _resolved(make_case)
    _resolved(make_case, days_ago=30)
    make_case()
    client.force_login(supervisor)
    # when
    page = client.get("/").content.decode()
    # then
    assert figure(page, "超期") == 1
    assert figure(page, "本周办结") == 1
    assert reverse("ledgers:case-detail", args=[late.pk]) in page
    assert reverse("ledgers:case-detail", args=[done.pk]) in page
    assert reverse("supervision:weekly") in page and "监督事项" in page


def test_dispatching_staff_do_not_get_the_supervision_panel(tree):
    """Community staff (who dispatch) and grid workers see their own queues instead."""
    # given
    staff = factories.user("community_staff", tree.community)
    worker = factories.user("grid_worker", tree.grid1)
    # when
    keys = {p["key"] for u in (staff, worker) for p in home.panels_for(u)}
    # then
    assert "ledgers-supervision" not in keys



def test_the_supervision_panel_query_count_does_not_grow(supervisor, make_case):
    """The same number of queries with one overdue case as with twelve, resolved or not."""
    # given
    _overdue(make_case)
    few = panel_queries(supervisor, "ledgers-supervision")
    for n in range(11):
        (_overdue if n % 2 else _resolved)(make_case)
    # when
    many = panel_queries(supervisor, "ledgers-supervision")
    # then
    assert many == few
