"""The second factor (issue 9, hardening): staff and administrators enrol an
authenticator app and give its code after the password, on the pages and for an API
token, when settings.OTP_REQUIRED; recovery codes are shown once and work once."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shequ.accounts.models import LoginFailure
from shequ.accounts.roles import Role
from shequ.core.models import AuditEvent
from shequ.testing import factories

from .conftest import error

pytestmark = pytest.mark.django_db


@pytest.fixture
def otp_on(settings):
    settings.OTP_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, user):
    response = client.post("/login/", {"username": user.username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return response


def _enrol(client) -> list[str]:
    page = client.get(reverse("accounts:otp-setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(reverse("accounts:otp-setup"), {"code": _code(device)})
    assert done.status_code == 200
    return re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", done.content.decode())


def test_staff_are_held_until_they_enrol(client, grid_worker, otp_on):
    """After the password, every page leads to the enrolment; the QR code is an SVG of
    its own; the first code confirms it and shows ten recovery codes, once."""
    # given
    _sign_in(client, grid_worker)
    # when / then
    held = client.get("/residents/")
    assert held.status_code == 302 and held["Location"] == reverse("accounts:otp-setup")
    api = client.get("/api/v1/me")
    assert api.status_code == 403 and api.json()["code"] == "otp_required"
    page = client.get(reverse("accounts:otp-setup")).content.decode()
    assert 'src="/accounts/me/otp/qr.svg"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)|<style|style=", page)  # CSP-ready
    qr = client.get(reverse("accounts:otp-qr"))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.startswith(b"<svg")
    # a wrong code does not confirm
    assert client.post(reverse("accounts:otp-setup"), {"code": "000000"}).status_code == 400
    codes = _enrol(client)
    assert len(codes) == 10
    assert client.get("/residents/").status_code == 200
    assert AuditEvent.objects.filter(action="otp_enrol", actor=grid_worker).exists()


def test_the_next_sign_in_asks_for_the_code(client, grid_worker, otp_on):
    # given: enrolled
    _sign_in(client, grid_worker)
    codes = _enrol(client)
    client.logout()
    # when
    _sign_in(client, grid_worker)
    # then: the password alone neither passes nor enrols another phone
    held = client.get("/residents/")
    assert held["Location"] == reverse("accounts:otp-verify")
    assert client.get(reverse("accounts:otp-setup"))["Location"] == reverse("accounts:otp-verify")
    assert client.get(reverse("accounts:otp-qr")).status_code == 404
    wrong = client.post(reverse("accounts:otp-verify"), {"code": "123456"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert LoginFailure.objects.filter(username=grid_worker.username).count() == 1
    # a recovery code works, once
    assert client.post(reverse("accounts:otp-verify"), {"code": codes[0]}).status_code == 302
    assert client.get("/residents/").status_code == 200
    client.logout()
    _sign_in(client, grid_worker)
    assert client.post(reverse("accounts:otp-verify"), {"code": codes[0]}).status_code == 400
    assert AuditEvent.objects.filter(action="login_otp", actor=grid_worker).count() == 1


def test_wrong_codes_run_into_the_lockout(client, grid_worker, otp_on):
    _sign_in(client, grid_worker)
    _enrol(client)
    client.logout()
    _sign_in(client, grid_worker)
    for _ in range(5):
        client.post(reverse("accounts:otp-verify"), {"code": "123456"})
    response = client.post(reverse("accounts:otp-verify"), {"code": "123456"})
    assert response["Location"] == reverse("web:login")
    assert client.get("/residents/")["Location"].startswith(reverse("web:login"))


def test_an_api_token_for_staff_needs_the_code(client, api_as, grid_worker, otp_on,
                                               settings):
    # given
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off between the attempts below
    _sign_in(client, grid_worker)
    _enrol(client)
    device = TOTPDevice.objects.get(user=grid_worker)
    device.last_t = -1  # the code used at enrolment may be given again in this test
    device.save()
    anon = api_as()
    creds = {"username": grid_worker.username, "password": factories.PASSWORD}
    # when / then
    error(anon.post("/api/v1/auth/token", creds), 403, "otp_required", "otp")
    error(anon.post("/api/v1/auth/token", {**creds, "otp": "000000"}), 403, "otp_invalid", "otp")
    ok = anon.post("/api/v1/auth/token", {**creds, "otp": _code(device)})
    assert ok.status_code == 201, ok.content


def test_residents_sign_in_without_a_second_factor(client, tree, otp_on):
    resident = factories.user(Role.RESIDENT, tree.community)
    _sign_in(client, resident)
    assert client.get("/accounts/me/").status_code == 200


def test_with_the_second_factor_off_the_sign_in_page_says_so(client, settings):
    settings.OTP_REQUIRED = False
    assert 'data-testid="otp-off"' in client.get("/login/").content.decode()
    settings.OTP_REQUIRED = True
    assert 'data-testid="otp-off"' not in client.get("/login/").content.decode()


def test_prod_settings_require_the_second_factor(monkeypatch):
    import importlib
    import sys

    for name in ("SECRET_KEY", "ENCRYPTION_KEYS", "HASH_KEY"):
        monkeypatch.setenv(f"SHEQU_{name}", "x")
    monkeypatch.delenv("SHEQU_OTP_REQUIRED", raising=False)
    for name in ("shequ.settings.prod", "shequ.settings.base"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    prod = importlib.import_module("shequ.settings.prod")
    assert prod.OTP_REQUIRED is True


def test_a_lost_phone_is_reset_by_the_security_administrator_only(
        client, tree, other, grid_worker, sysadmin, secadmin, otp_on, settings):
    """In their security scope; the owner then enrols again after the password."""
    # given: enrolled (the administrators below sign in without a phone of their own)
    _sign_in(client, grid_worker)
    _enrol(client)
    settings.OTP_REQUIRED = False
    street_sec = factories.user(Role.SECADMIN, other.street)
    url = reverse("accounts:second-factor-reset")
    # when / then: not the sysadmin, not a secadmin of another street
    client.force_login(sysadmin)
    assert client.post(url, {"username": grid_worker.username}).status_code == 403
    client.force_login(street_sec)
    client.post(url, {"username": grid_worker.username})
    assert TOTPDevice.objects.filter(user=grid_worker).exists()
    client.force_login(secadmin)
    assert client.post(url, {"username": grid_worker.username, "reason": "手机丢失"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=grid_worker).exists()
    assert AuditEvent.objects.get(action="otp_reset").reason == "手机丢失"
    settings.OTP_REQUIRED = True
    client.logout()
    _sign_in(client, grid_worker)
    assert client.get("/residents/")["Location"] == reverse("accounts:otp-setup")
