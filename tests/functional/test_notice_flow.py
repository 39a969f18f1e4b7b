"""A grid worker on a phone sees the unread badge in the top bar, opens the notice from the
notices list, reads it, and the badge is gone."""

from __future__ import annotations

import pytest

from shequ.notices import services
from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_reading_a_notice_clears_the_badge(live_server, phone):
    from playwright.sync_api import expect

    # given: a notice from the community to its grid workers
    tree = factories.Tree()
    staff = factories.user("community_staff", tree.community)
    factories.user("grid_worker", tree.grid1, username="wangwg")
    services.notice_create(actor=staff, area=tree.community, roles=["grid_worker"],
                           title="防汛值班安排", body="本周六由第一网格值班。")
    page = phone
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "wangwg")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    # then: one unread in the top bar
    expect(page.get_by_test_id("unread-badge")).to_have_text("1")
    # when: opening the notice from the list
    page.goto(live_server.url + "/notices/")
    page.get_by_role("link", name="防汛值班安排").click()
    # then: the text is shown and the badge is gone
    expect(page.get_by_test_id("notice-body")).to_contain_text("第一网格值班")
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
