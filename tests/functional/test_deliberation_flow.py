"""要事联商 in Chromium, under the Content-Security-Policy: community staff open a matter,
a 议事会 with votes, the printable minutes and the public page (signed out); no page breaks
a rule of the policy, and the phone layout of the public page holds."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SHOTS = os.environ.get("SHEQU_SCREENSHOTS", "")
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def _world():
    from shequ.deliberation import services
    from shequ.testing import factories

    tree = factories.Tree()
    staff = factories.user("community_staff", tree.community)
    others = [factories.user("community_staff", tree.community) for _ in range(2)]
    matter = services.matter_create(actor=staff, community=tree.community, kind="funds",
                                    title="翻新小区健身广场", background="器材老化，居民反映强烈。",
                                    budget="120000", budget_source="社区公益金", submit=True)
    services.matter_review(actor=staff, matter=matter, approve=True, note="同意上会")
    meeting = services.meeting_create(actor=staff, community=tree.community, kind="council",
                                      title="第一次居民议事会", place="党群服务中心",
                                      starts_at=timezone.now() + dt.timedelta(hours=1))
    for user in [staff, *others]:
        services.invitee_add(actor=staff, meeting=meeting, user=user)
    item = services.agenda_add(actor=staff, meeting=meeting, matter=matter)
    services.attendance_set(actor=staff, meeting=meeting,
                            present=list(meeting.invitees.values_list("pk", flat=True)))
    for invitee, choice in zip(meeting.invitees.all(), ["for", "for", "against"], strict=True):
        services.vote_cast(actor=staff, item=item, invitee=invitee, choice=choice)
    matter = services.item_decide(actor=staff, item=item)
    matter = services.matter_execute(actor=staff, matter=matter)
    root = services.task_add(actor=staff, matter=matter, title="采购器材", owner=staff, weight=2)
    leaf = services.task_add(actor=staff, matter=matter, title="询价", parent=root)
    services.task_add(actor=staff, matter=matter, title="签订合同", parent=root)
    services.task_add(actor=staff, matter=matter, title="安装验收")
    services.task_progress_set(actor=staff, task=leaf, progress=80)
    return tree, staff, matter, meeting


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/delib-{name}.png", full_page=True)


def _page_for(browser, live_server, user, **context_options):
    """A page of a browser context signed in as ``user``, watching for CSP violations."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(**context_options)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def test_the_deliberation_pages_keep_the_policy(live_server, browser):
    tree, staff, matter, meeting = _world()
    page = _page_for(browser, live_server, staff, viewport={"width": 1280, "height": 900})
    violations: list[str] = []
    for name, path in [("matter", matter.get_absolute_url()),
                       ("meeting", meeting.get_absolute_url()),
                       ("minutes", f"{meeting.get_absolute_url()}print/"),
                       ("list", "/deliberation/")]:
        response = page.goto(live_server.url + path, wait_until="load")
        assert response.status == 200, path
        page.wait_for_timeout(150)
        violations += [f"{path}: {v}" for v in page.evaluate("window.__csp")]
        _shot(page, name)
    page.goto(live_server.url + matter.get_absolute_url())
    assert "80.00 %" in page.content() and "40.00 %" in page.content()  # leaf, parent
    page.context.close()
    # the public page, signed out, on a phone
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.add_init_script(WATCH)
    public = phone.new_page()
    public.goto(f"{live_server.url}/deliberation/public/{tree.community.code}/")
    public.wait_for_timeout(150)
    assert "翻新小区健身广场" in public.content() and "社区公益金" in public.content()
    assert "器材老化" not in public.content()  # the background is not disclosed
    violations += public.evaluate("window.__csp")
    _shot(public, "public-phone")
    phone.close()
    assert not violations, "\n".join(violations)


def test_a_unit_liaison_follows_up_their_units_resolution(live_server, browser):
    """The liaison finds the resolution on their home page, opens it and reports progress
    on a phone, under the policy."""
    from shequ.core.actors import SYSTEM
    from shequ.deliberation import services
    from shequ.deliberation.models import Resolution
    from shequ.members import services as member_services
    from shequ.organizations.models import Unit
    from shequ.testing import factories

    tree, staff, _matter, _meeting = _world()
    unit = Unit.objects.create(name="市供电公司", kind="enterprise", area=tree.community,
                               credit_code="91510100MA6CXXXX1X", path=tree.community.path)
    joint = services.meeting_create(actor=staff, community=tree.community, kind="joint",
                                    title="大党委联席会议", starts_at=timezone.now())
    resolution = services.resolution_add(actor=staff, meeting=joint, text="检修背街小巷路灯",
                                         unit=unit, due_on=timezone.localdate())
    liaison = factories.user("unit_liaison", tree.community)
    member_services.liaison_add(actor=SYSTEM, user=liaison, unit=unit)
    page = _page_for(browser, live_server, liaison,
                     viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(live_server.url + "/")
    _shot(page, "liaison-home")
    page.click("text=检修背街小巷路灯")
    page.select_option("select[name=status]", "in_progress")
    page.fill("input[name=note]", "已安排电工周五检修")
    _shot(page, "liaison-resolution")
    page.click("[data-testid=follow-up]")
    page.wait_for_selector("text=已安排电工周五检修")
    violations = page.evaluate("window.__csp")
    page.context.close()
    assert Resolution.objects.get(pk=resolution.pk).status == "in_progress"
    assert not violations, "\n".join(violations)
