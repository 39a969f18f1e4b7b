"""Community staff dispatch a portal report filed "not in a building / not sure": they
choose the grid, its grid workers appear, and the case is assigned and routed."""

from __future__ import annotations

import pytest

from shequ.ledgers import services
from shequ.ledgers.models import Case, Category
from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def dispatch_data():
    tree = factories.Tree()
    staff = factories.user("community_staff", tree.community, username="sqgz")
    first = factories.user("grid_worker", tree.grid1, username="wgy1")
    second = factories.user("grid_worker", tree.grid2, username="wgy2")
    case = services.case_report(
        actor=None, category=Category.objects.get(code="sanitation"), community=tree.community,
        address="翠屏路口的公交站", description="公交站旁垃圾桶满了",
        reporter_phone="13912345678", ip="10.0.0.9")
    return {"tree": tree, "staff": staff, "first": first, "second": second, "case": case}


def test_staff_choose_a_grid_then_its_worker(live_server, dispatch_data, browser):
    """The grid-worker list is filled for the grid chosen, and assigning routes the case."""
    from playwright.sync_api import expect

    data, case = dispatch_data, dispatch_data["case"]
    page = browser.new_page()
    page.set_default_timeout(10_000)
    # given staff signed in, on the report's page
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "sqgz")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assignee = page.locator("select[name=assignee]")
    # when choosing the second grid
    page.select_option("select[name=grid]", str(data["tree"].grid2.pk))
    # then only its worker is offered
    expect(assignee.locator(f"option[value='{data['first'].pk}']")).to_have_count(0)
    expect(assignee.locator(f"option[value='{data['second'].pk}']")).to_have_count(1)
    # when assigning them
    assignee.select_option(str(data["second"].pk))
    page.click("form[action$='/assign/'] button[type=submit]")
    # then the case is theirs, in their grid
    expect(page.get_by_test_id("state")).to_have_text("已派单")
    case = Case.objects.get(pk=case.pk)
    assert case.assigned_to == data["second"] and case.grid == data["tree"].grid2
    page.close()
