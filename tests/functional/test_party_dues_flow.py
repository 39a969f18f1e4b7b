"""Community staff record a month's party dues on the branch page; the party member, on a
phone, sees it paid on their own statement with their income, and the month still owed."""

from __future__ import annotations

import pytest

from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _login(page, url, username):
    page.goto(url + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")


def test_staff_record_dues_and_the_member_sees_them(live_server, browser):
    from django.utils import timezone
    from playwright.sync_api import expect

    from shequ.core.actors import SYSTEM
    from shequ.membership import services
    from shequ.membership.services.dues import add_months
    from shequ.membership.tests.conftest import make_member, make_org

    # given: a branch with one member in work (income 4000: 40.00 a month) since last month
    tree = factories.Tree()
    district = make_org(tree, "district_committee", "区委", area=tree.district)
    street = make_org(tree, "street_working_committee", "街道党工委", district, tree.street)
    committee = make_org(tree, "community_committee", "社区党委", street)
    branch = make_org(tree, "branch", "金竹苑党支部", committee)
    member = make_member(tree.household1, "党员甲", branch)
    member.resident.user.username = "dangyuan"
    member.resident.user.save(update_fields=["username"])
    factories.user("community_staff", tree.community, username="shequstaff")
    this_month = timezone.localdate().replace(day=1)
    services.dues_profile_set(actor=SYSTEM, member=member, category="employed", base="4000",
                              since=add_months(this_month, -1))
    # when: staff record this month's dues on the branch page
    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    _login(staff, live_server.url, "shequstaff")
    staff.goto(f"{live_server.url}/branch/dues/branches/{branch.pk}/")
    expect(staff.get_by_test_id("arrears-summary")).to_contain_text("80.00")
    staff.select_option("#payment select[name=member]", str(member.pk))
    staff.fill("#payment input[name=month]", f"{this_month:%Y-%m}")
    staff.click("#payment button[type=submit]")
    expect(staff.get_by_test_id("arrears-summary")).to_contain_text("40.00")
    # then: the member, on a phone, sees the month paid, last month owed, and their income
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True).new_page()
    _login(phone, live_server.url, "dangyuan")
    phone.goto(live_server.url + "/branch/dues/mine/")
    expect(phone.get_by_test_id("paid-total")).to_have_text("40.00")
    expect(phone.get_by_test_id("income-base")).to_contain_text("4000")
    expect(phone.locator(f"tr[data-month='{add_months(this_month, -1):%Y-%m}'] .owed")).to_be_visible()


def test_a_keeper_reveals_a_members_income_with_a_reason(live_server, browser):
    from playwright.sync_api import expect

    from shequ.core.actors import SYSTEM
    from shequ.core.models import AuditEvent
    from shequ.membership import services
    from shequ.membership.tests.conftest import make_member, make_org

    # given: a member in work with an income of 4321 and the branch's book-keeper
    tree = factories.Tree()
    district = make_org(tree, "district_committee", "区委", area=tree.district)
    street = make_org(tree, "street_working_committee", "街道党工委", district, tree.street)
    committee = make_org(tree, "community_committee", "社区党委", street)
    member = make_member(tree.household1, "党员甲",
                         make_org(tree, "branch", "金竹苑党支部", committee))
    factories.user("community_staff", tree.community, username="shequstaff")
    services.dues_profile_set(actor=SYSTEM, member=member, category="employed", base="4321")
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                               has_touch=True).new_page()
    _login(page, live_server.url, "shequstaff")
    # when: they open the member's page, the income is masked
    page.goto(f"{live_server.url}/branch/dues/members/{member.pk}/")
    expect(page.get_by_test_id("masked-base")).to_have_text("****")
    assert "4321" not in page.content()
    # and they give a reason to see it
    page.get_by_test_id("reveal-base").click()
    page.fill("#reason-base", "核对党费基数")
    page.click("#pii-base button[type=submit]")
    # then: it is shown, and the viewing is in the audit trail
    expect(page.get_by_test_id("clear-base")).to_have_text("4321.00")
    assert AuditEvent.objects.filter(action="reveal", entity="dues_profile").count() == 1
