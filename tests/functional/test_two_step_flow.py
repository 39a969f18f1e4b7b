"""A community worker whose role needs a second factor, on a phone: signs in with the
password, is taken to the enrolment page, scans (reads) the QR code, confirms with the
app's code, keeps the recovery codes, and sees two-step sign-in on under 我的账号."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shequ.testing import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _code(username: str) -> str:
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_staff_enrol_the_second_factor_on_a_phone(live_server, phone, settings):
    from playwright.sync_api import expect

    # given
    settings.OTP_REQUIRED = True
    tree = factories.Tree()
    factories.user("community_staff", tree.community, username="lisq")
    page = phone
    # when: signing in with the password
    page.goto(live_server.url + "/login/")
    expect(page.get_by_test_id("otp-off")).to_have_count(0)
    page.fill("input[name=username]", "lisq")
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit].btn-primary")
    # then: held on the enrolment page, with the QR code drawn
    expect(page.get_by_test_id("otp-required")).to_be_visible()
    qr = page.get_by_test_id("otp-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0
    # when: confirming with the app's code
    page.fill("input[name=code]", _code("lisq"))
    page.click("button[type=submit].btn-primary")
    # then: ten recovery codes, once; then 我的账号 says it is on
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.click("text=我已妥善保存")
    expect(page.get_by_test_id("otp-status")).to_contain_text("已开启")
