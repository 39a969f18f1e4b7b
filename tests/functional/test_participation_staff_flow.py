"""Browser flow at the staff desk: a staff member enters a volunteer's past service by hand
(with a reason), a colleague verifies it and the points are earned; and a staff member
registers an in-service party member for 双报到 on their behalf."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.members.tests.conftest import code
from shequ.organizations import services as org_services
from shequ.registry import services as registry_services
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsRate

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state()


def test_enter_past_service_verify_and_register_a_member(live_server, transactional_db,
                                                        browser):
    # given a community with two staff, a volunteer, and an in-service party member
    PointsRate.objects.get_or_create(code="service_hour", defaults={
        "name": "志愿服务时长", "points": 10, "unit": "hour", "source_kind": "service_record"})
    tree = factories.Tree()
    factories.user("community_staff", tree.community, username="staff1")
    staff2 = factories.user("community_staff", tree.community, username="staff2")
    resident = factories.resident(tree.household1, name="王芳")
    volunteer = services.volunteer_register(actor=staff2, resident=resident)
    unit = org_services.unit_create(actor=SYSTEM, name="达川区税务局", credit_code=code(1),
                                    kind="agency", area=tree.community)
    org = org_services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                        area=tree.district)
    member = registry_services.party_member_create(
        actor=SYSTEM, resident=factories.resident(tree.household2, name="李党员"), org=org,
        joined_on=dt.date(2010, 7, 1), unit=unit)
    day = timezone.localdate() - dt.timedelta(days=2)
    base = live_server.url
    desk = browser.new_context(locale="zh-CN").new_page()
    sign_in(desk, base, "staff1")
    # when staff1 enters two and a half hours done two days ago
    desk.goto(f"{base}/volunteers/{volunteer.pk}/")
    desk.click("[data-testid=record-enter]")
    desk.fill("input[name=title]", "重阳节慰问独居老人")
    desk.fill("input[name=served_on]", day.isoformat())
    desk.fill("input[name=start]", "09:00")
    desk.fill("input[name=end]", "11:30")
    desk.fill("textarea[name=reason]", "纸质签到表")
    desk.click("[data-testid=save]")
    desk.wait_for_load_state()
    # then it waits in the queue, marked as entered by hand
    desk.goto(f"{base}/volunteers/records/")
    assert "纸质签到表" in desk.locator("[data-testid=entered-by-hand]").inner_text()
    # when a colleague verifies it
    other = browser.new_context(locale="zh-CN").new_page()
    sign_in(other, base, "staff2")
    other.goto(f"{base}/volunteers/records/")
    other.locator("tr[data-record]").first.locator("[data-testid=verify]").click()
    other.wait_for_load_state()
    # then the volunteer earned 2.5 hours' points
    assert "25" in other.locator(".messages").inner_text()
    # when staff1 registers the party member for 双报到
    desk.goto(f"{base}/members/registrations/")
    desk.click("[data-testid=register-member]")
    desk.click(f"a[data-member='{member.pk}']")
    desk.click("[data-testid=save]")
    desk.wait_for_load_state()
    # then the registration is listed
    assert "李党员" in desk.locator("[data-testid=registration-rows]").inner_text()

