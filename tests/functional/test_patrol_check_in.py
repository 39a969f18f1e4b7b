"""A patrol member on a 390×844 phone opens a checkpoint's QR link (signed in), checks in,
lands on their shifts with the checkpoint counted, and a second scan is refused on the
page — nothing scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shequ.patrols import services
from shequ.patrols.models import CheckIn, MemberKind
from shequ.testing import factories
from shequ.volunteers import services as volunteer_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def on_shift():
    """A published plan for grid 1 and the volunteer 王芳's shift moved to now."""
    tree = factories.Tree()
    staff = factories.user("community_staff", tree.community, username="shequstaff")
    resident = factories.resident(tree.household1, name="王芳")
    resident.user = factories.user("resident", tree.grid1, username="xunluo")
    resident.save(update_fields=["user"])
    volunteer = volunteer_services.volunteer_register(actor=staff, resident=resident,
                                                      skills={}, availability=1)
    member = services.member_add(actor=staff, community=tree.community,
                                 kind=MemberKind.VOLUNTEER, volunteer=volunteer)
    route = services.route_create(actor=staff, grid=tree.grid1, name="夜巡一线")
    point = services.checkpoint_add(actor=staff, route=route,
                                    building=tree.household1.entrance.building)
    services.coverage_add(actor=staff, grid=tree.grid1, starts=dt.time(19), ends=dt.time(23))
    month = timezone.localdate().replace(day=1)
    plan = services.plan_publish(actor=staff, plan=services.plan_generate(
        actor=staff, area=tree.grid1, month=month, max_shifts=31))
    shift = plan.shifts.filter(member=member).first()
    now = timezone.now()
    shift.date = timezone.localdate(now)
    shift.starts_at, shift.ends_at = now - dt.timedelta(hours=1), now + dt.timedelta(hours=2)
    shift.save()
    plan.shifts.filter(date=shift.date).exclude(pk=shift.pk).delete()
    return point, shift


def test_check_in_by_scanning_on_a_phone(live_server, on_shift, phone):
    point, shift = on_shift
    base = live_server.url
    page = phone
    page.goto(base + "/login/")
    page.fill("input[name=username]", "xunluo")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(base + "/")
    # when the member opens the URL the checkpoint's QR code encodes and taps 签到
    page.goto(f"{base}/patrols/c/{point.token}/")
    assert point.label in page.inner_text("h1")
    page.click("[data-testid=check-in]")
    # then they are on their shifts, the check-in counted on tonight's card
    page.wait_for_url(base + "/patrols/mine/")
    card = page.locator(f"[data-shift='{shift.pk}']")
    assert "1" in card.inner_text()
    assert CheckIn.objects.filter(shift=shift, checkpoint=point).count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # and scanning the same checkpoint again is refused, on the page
    page.goto(f"{base}/patrols/c/{point.token}/")
    page.click("[data-testid=check-in]")
    assert "本班次已在此处签到" in page.locator("[role=alert]").inner_text()
    assert CheckIn.objects.filter(shift=shift).count() == 1
