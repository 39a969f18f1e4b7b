"""Browser flow on a phone-sized Chromium: a volunteer signs up for a need, checks in and
out with the need's QR link, a staff member verifies the hours, and the points appear on
the volunteer's page."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsRate, Skill

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                       reason="Chromium is not installed (CI installs it)"),
]


def chromium(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-background-networking", "--disable-gpu",
        "--disable-dev-shm-usage"])


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state()


def test_sign_up_check_in_verify_points(live_server, transactional_db):
    # given a community with a staff member, a registered volunteer and a need starting soon
    PointsRate.objects.get_or_create(code="service_hour", defaults={
        "name": "志愿服务时长", "points": 10, "unit": "hour", "source_kind": "service_record"})
    skill, _ = Skill.objects.get_or_create(code="elderly_care", defaults={"name": "陪伴照护老人"})
    tree = factories.Tree()
    staff = factories.user("community_staff", tree.community, username="staff1")
    resident = factories.resident(tree.household1, name="王芳")
    resident.user = factories.user("resident", tree.grid1, username="wangfang")
    resident.save(update_fields=["user"])
    services.volunteer_register(actor=staff, resident=resident, skills={skill.pk: 2},
                                availability=(1 << 21) - 1)
    start = timezone.now() + dt.timedelta(minutes=20)
    need = services.need_create(actor=staff, title="陪独居老人散步", community=tree.community,
                                starts_at=start, ends_at=start + dt.timedelta(hours=1),
                                skill=skill, building=tree.household2.entrance.building)
    base = live_server.url
    # (Playwright's sync API runs an event loop in this thread: the database is set up
    # before it starts and only read through the pages afterwards.)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = chromium(p)
        try:
            flow(browser, base, need.pk)
        finally:
            browser.close()


def flow(browser, base, need_id):
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()

    # when the volunteer signs up on their phone
    sign_in(page, base, "wangfang")
    page.goto(f"{base}/volunteers/me/")
    page.click(f"a[data-need='{need_id}']")
    page.click("[data-testid=sign-up]")
    # and follows the QR link to check in, then checks out
    page.click("[data-testid=go-check-in]")
    page.click("[data-testid=check-in]")
    page.click("[data-testid=check-out]")
    assert page.locator("[data-testid=record-state]").first.inner_text() == "待核实"
    assert page.locator("[data-testid=balance]").inner_text().startswith("0")

    # and a staff member verifies one hour on the verification page
    desk = browser.new_context(locale="zh-CN").new_page()
    sign_in(desk, base, "staff1")
    desk.goto(f"{base}/volunteers/records/")
    row = desk.locator("tr[data-record]").first
    row.locator("input[name=minutes]").fill("60")
    row.locator("[data-testid=verify]").click()
    desk.wait_for_load_state()
    assert "10" in desk.locator(".messages").inner_text()

    # then the points appear on the volunteer's page
    page.goto(f"{base}/volunteers/points/me/")
    assert page.locator("[data-testid=points-balance]").inner_text() == "10"
    page.goto(f"{base}/volunteers/me/")
    assert page.locator("[data-testid=record-state]").first.inner_text() == "已核实"
