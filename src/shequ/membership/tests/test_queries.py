"""List selectors read a page in a fixed number of queries, however many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.membership import selectors, services
from shequ.territory.filters import in_area

from .conftest import make_member


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows = list(fn())
        for r in rows:  # what the list page reads of each row
            str(getattr(r, "destination", "")), str(getattr(r, "org", ""))
    return len(ctx.captured_queries)


@pytest.mark.parametrize("n", [1, 6])
def test_transfer_list_queries(staff, orgs, tree, n):
    for i in range(n):
        m = make_member(tree.household1, f"转出{i}", orgs["a"])
        services.transfer_request(actor=staff, member=m, to_org=orgs["b"])
    staff.scope_for("view_branch")  # grants read once per request
    assert _count(lambda: selectors.transfer_list(actor=staff)) <= 2
    # the area filter of the list (what the dashboard drills to) costs one query more
    assert _count(lambda: in_area(selectors.transfer_list(actor=staff, open_only=True),
                                  actor=staff, action="view_branch",
                                  area_id=tree.community.pk)) <= 3
    assert in_area(selectors.transfer_list(actor=staff), actor=staff, action="view_branch",
                   area_id=tree.community.pk).count() == n


@pytest.mark.parametrize("n", [1, 4])
def test_post_list_queries(staff, orgs, member, n):
    for i in range(n):
        services.branch_post_create(actor=staff, org=orgs["a"], title=f"通知{i}", body="正文")
    staff.scope_for("view_branch")
    assert _count(lambda: selectors.post_list(actor=staff)) <= 2
