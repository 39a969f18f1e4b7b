"""The pages: branches, a branch's dues with its payment and import forms, a member's
statement (income shown to the member; masked to the book-keepers, who reveal it audited), transfers and posts."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.membership import services
from shequ.membership.models import BranchPost, DuesPayment, Transfer
from shequ.membership.services.dues import month_start
from shequ.notices.models import NoticeReceipt

from .test_dues import workbook

THIS_MONTH = month_start(timezone.localdate())


@pytest.fixture
def profiled(staff, member):
    services.dues_profile_set(actor=staff, member=member, category="employed", base="8000")
    return member


def test_branch_pages(client, staff, orgs, profiled):
    client.force_login(staff)
    page = client.get(reverse("membership:branch-list")).content.decode()
    assert "金竹苑党支部" in page
    page = client.get(reverse("membership:branch-dues", args=[orgs["a"].pk])).content.decode()
    assert "党员甲" in page and "120.00" in page and "8000" not in page


def test_payment_through_the_page(client, staff, orgs, profiled):
    client.force_login(staff)
    r = client.post(reverse("membership:payment-new", args=[orgs["a"].pk]),
                    {"member": profiled.pk, "month": f"{THIS_MONTH:%Y-%m}", "method": "cash"})
    assert r.status_code == 302
    assert DuesPayment.objects.get().amount == 120


def test_payment_for_another_branch_member_through_the_page_is_refused(client, staff, orgs,
                                                                       other_member):
    client.force_login(staff)
    r = client.post(reverse("membership:payment-new", args=[orgs["a"].pk]),
                    {"member": other_member.pk, "month": f"{THIS_MONTH:%Y-%m}", "method": "cash"},
                    follow=True)
    assert "不是" in r.content.decode() or "not a member" in r.content.decode()
    assert not DuesPayment.objects.exists()


def test_import_page_lists_the_failing_rows(client, staff, orgs, profiled):
    client.force_login(staff)
    data = workbook([("无此人", "0000", f"{THIS_MONTH:%Y-%m}", 40, "", "")])
    f = io.BytesIO(data)
    f.name = "statement.xlsx"
    r = client.post(reverse("membership:statement-import", args=[orgs["a"].pk]), {"file": f})
    assert r.status_code == 400 and 'data-line="3"' in r.content.decode()
    assert not DuesPayment.objects.exists()


def test_member_page_shows_the_income_to_the_member_and_masked_to_keepers(
        client, staff, supervisor, profiled):
    url = reverse("membership:member-dues", args=[profiled.pk])
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "8000" not in page and 'data-testid="masked-base"' in page
    client.force_login(supervisor)
    page = client.get(url).content.decode()
    assert "120.00" in page and "8000" not in page
    client.force_login(profiled.resident.user)
    r = client.get(reverse("membership:my-dues"), follow=True)
    assert "8000" in r.content.decode() and r.redirect_chain[-1][0] == url
    assert client.get(url + "?format=xlsx")["Content-Type"].startswith("application/vnd")


def test_a_member_cannot_read_another_members_dues(client, profiled, colleague):
    client.force_login(colleague.resident.user)
    assert client.get(reverse("membership:member-dues", args=[profiled.pk])).status_code == 404


def test_outsiders_do_not_see_the_branch(client, far, orgs):
    client.force_login(far["staff"])
    assert client.get(reverse("membership:branch-dues", args=[orgs["a"].pk])).status_code == 404


def test_transfer_through_the_pages(client, staff, orgs, member):
    client.force_login(staff)
    r = client.post(reverse("membership:transfer-new", args=[member.pk]),
                    {"to_org": orgs["a"].pk})
    assert r.status_code == 400 and not Transfer.objects.exists()   # the same branch
    r = client.post(reverse("membership:transfer-new", args=[member.pk]),
                    {"to_org": orgs["b"].pk, "letter_number": ""})
    t = Transfer.objects.get()
    client.post(reverse("membership:transfer-send", args=[t.pk]), {"letter_number": "12"})
    client.post(reverse("membership:transfer-confirm", args=[t.pk]), {})
    t.refresh_from_db()
    assert t.state == "confirmed"
    page = client.get(reverse("membership:transfer-list")).content.decode()
    assert "翠屏党支部" in page


def test_branch_post_reaches_the_members_with_receipts(client, staff, orgs, member, colleague):
    client.force_login(staff)
    r = client.post(reverse("membership:post-new"), {
        "org": orgs["a"].pk, "kind": "study", "title": "学习二十届四中全会精神",
        "body": "请各位党员认真学习。"})
    assert r.status_code == 302, r.content.decode()[:2000]
    post = BranchPost.objects.get()
    assert NoticeReceipt.objects.filter(notice=post.notice).count() == 2
    page = client.get(reverse("membership:post-list")).content.decode()
    assert "0/2" in page
    client.force_login(member.resident.user)
    page = client.get(reverse("membership:my-posts")).content.decode()
    assert "学习二十届四中全会精神" in page
