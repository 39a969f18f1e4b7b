"""A grid worker on a phone: sign in, find a resident by pinyin initials, reveal the phone
number with a reason, then switch the interface to English."""

from __future__ import annotations

import re

import pytest

from shequ.core.models import AuditEvent
from shequ.testing import factories

# serialized_rollback: the flush after this test must not recreate content types with new
# ids, or a later serialized-rollback test (other flows) fails to restore its snapshot.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def grid_data():
    tree = factories.Tree()
    worker = factories.user("grid_worker", tree.grid1, username="wangwg")
    worker.display_name = "王网格"
    worker.save()
    zhang = factories.resident(tree.household1, name="张三", phone="13800001234")
    factories.resident(tree.household1, name="李四", relation="spouse")
    factories.resident(tree.household2, name="张珊")  # another grid: never shown
    factories.user("supervisor", tree.community, username="jianwei")
    return {"tree": tree, "worker": worker, "zhang": zhang}


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_grid_worker_finds_and_reveals_on_a_phone(live_server, grid_data, phone):
    page = phone
    from playwright.sync_api import expect

    # given: signed in
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "wangwg")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    expect(page.get_by_test_id("display-name")).to_have_text("王网格")
    expect(page.locator("body")).to_contain_text("第一网格")
    assert _no_horizontal_scroll(page)

    # when: searching by pinyin initials (live results, no submit)
    page.click(".navtoggle")  # on a phone the menu unfolds under one button
    page.click(".mainnav summary >> text=人口与区域")  # the menu groups open on a tap
    page.click(".mainnav >> text=居民")
    page.fill("input[name=q]", "zs")
    results = page.locator("#results")
    expect(results.get_by_test_id("kit-rows")).to_contain_text("张三")
    expect(results).not_to_contain_text("李四")
    expect(results).not_to_contain_text("张珊")
    assert "q=zs" in page.url
    assert _no_horizontal_scroll(page)

    # and revealing the phone number with a reason
    results.locator("a", has_text="张三").click()
    expect(page.get_by_test_id("masked-phone")).to_have_text("138****1234")
    page.get_by_test_id("reveal-phone").click()
    page.fill("#reason-phone", "入户走访联系")
    page.click("#pii-phone button[type=submit]")

    # then: the clear value appears in place (an htmx swap, not a new page) and the reveal
    # is in the audit trail
    expect(page.get_by_test_id("clear-phone")).to_have_text("13800001234")
    assert page.url.endswith(f"/residents/{grid_data['zhang'].pk}/")
    event = AuditEvent.objects.get(action="reveal")
    assert event.actor_id == grid_data["worker"].pk
    assert event.reason == "入户走访联系"
    assert _no_horizontal_scroll(page)

    # when: switching the interface to English
    page.click(".langswitch button[value=en]")
    # then
    expect(page.locator(".mainnav")).to_contain_text("Residents")
    expect(page.locator("h1")).to_contain_text("张三")
    expect(page.locator("dl.fields")).to_contain_text("Phone")
    # the reloaded page is masked again
    expect(page.get_by_test_id("masked-phone")).to_have_text("138****1234")
    assert re.search(r"lang=\"en\"", page.content())


def test_a_supervisor_sees_no_reveal_button(live_server, grid_data, phone):
    page = phone
    from playwright.sync_api import expect

    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "jianwei")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.goto(f"{live_server.url}/residents/{grid_data['zhang'].pk}/")
    expect(page.get_by_test_id("masked-phone")).to_have_text("138****1234")
    expect(page.get_by_test_id("reveal-phone")).to_have_count(0)
