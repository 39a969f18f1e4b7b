"""A street administrator on a phone opens the set-up checklist from the menu, follows the
count of grids without a grid worker to the list of those grids, and sees the count drop
once a worker is given an account."""

from __future__ import annotations

import pytest

from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _sign_in(page, live_server, username: str) -> None:
    # the first page of a session is the slowest on a busy machine
    page.goto(live_server.url + "/login/", timeout=30_000)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")


def test_street_admin_follows_a_gap_to_its_records(live_server, phone):
    from playwright.sync_api import expect

    # given a street whose two grids have no grid worker yet
    tree = factories.Tree()
    factories.user("street_admin", tree.street, username="jiedao")
    page = phone
    _sign_in(page, live_server, "jiedao")

    # when opening the checklist from the menu
    page.click(".navtoggle")
    group = page.locator(".mainnav summary >> text=系统管理")
    if group.count():  # a group shows as a drop-down once it holds more than one entry
        group.click()
    page.click(".mainnav >> text=建设清单")
    checklist = page.get_by_test_id("checklist")
    gap = checklist.locator('[data-check="grids_without_worker"]')
    expect(gap).to_have_attribute("data-count", "2")
    expect(gap).to_contain_text("没有网格员账号的网格")
    expect(checklist.locator('[data-check="units_without_liaison"]')).to_contain_text("已全覆盖")
    assert _no_horizontal_scroll(page)

    # then the count links to the grids themselves
    gap.locator("a").click()
    records = page.get_by_test_id("records")
    expect(records).to_contain_text("第一网格")
    expect(records).to_contain_text("第二网格")
    assert _no_horizontal_scroll(page)

    # and once grid 1 has a worker, one grid is left
    factories.user("grid_worker", tree.grid1)
    page.get_by_test_id("back").click()
    expect(page.get_by_test_id("checklist").locator('[data-check="grids_without_worker"]')) \
        .to_have_attribute("data-count", "1")


def test_the_grid_set_up_page_fits_a_phone_and_refuses_a_bad_boundary(live_server, phone):
    from playwright.sync_api import expect

    tree = factories.Tree()
    factories.user("street_admin", tree.street, username="jiedao2")
    page = phone
    _sign_in(page, live_server, "jiedao2")
    # from the grid's page, its Set up button
    page.goto(live_server.url + f"/territory/areas/{tree.grid1.pk}/")
    page.get_by_test_id("setup-link").click()
    expect(page.get_by_test_id("building-form")).to_be_visible()
    assert _no_horizontal_scroll(page)
    # a boundary that is a point is refused next to the field, nothing stored
    page.get_by_test_id("boundary-form").locator("input[type=file]").set_input_files(
        files=[{"name": "g.geojson", "mimeType": "application/json",
                "buffer": b'{"type": "Point", "coordinates": [107.5, 31.2]}'}])
    page.get_by_test_id("boundary-form").locator("button").click()
    expect(page.get_by_test_id("boundary-form").get_by_test_id("field-error")) \
        .to_contain_text("Polygon")
    tree.grid1.refresh_from_db()
    assert tree.grid1.polygon is None
