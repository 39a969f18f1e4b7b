"""Sign-up through the JSON API and the pages: the same rules, the API's one error shape,
the pages' messages in Chinese, the invitation's QR code allowed by the CSP."""

import json

import pytest
from django.test import Client

from shequ.accounts.models import User
from shequ.accounts.services import api_token_create
from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident

from .conftest import PASSWORD, code_of

pytestmark = pytest.mark.django_db


def _post(client, path, body, **headers):
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def _error(response, status, code):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert set(body) == {"code", "message", "field"} and body["code"] == code, body
    return body


def _bearer(user) -> dict:
    _token, raw = api_token_create(actor=SYSTEM, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# -- API ------------------------------------------------------------------------------------
def test_api_self_signup(tree, member, outbox):
    c = Client()
    r = _post(c, "/api/v1/signup/start", {"name": "李强", "id_number": member.id_number,
                                          "phone": member.phone})
    assert r.status_code == 202, r.content
    assert r.json()["sent_to"] == "137****1111"
    challenge = r.json()["challenge"]
    _error(_post(c, "/api/v1/signup/verify", {"challenge": challenge, "code": "x",
                                              "username": "lq", "password": PASSWORD}),
           400, "code_wrong")
    r = _post(c, "/api/v1/signup/verify", {"challenge": challenge, "code": code_of(outbox[0]),
                                           "username": "lq", "password": PASSWORD})
    assert r.status_code == 201, r.content
    assert r.json()["roles"] == ["party_member", "resident"]
    assert r.json()["resident_id"] == member.resident.pk
    # and the new account signs in to the API as any other
    r = _post(c, "/api/v1/auth/token", {"username": "lq", "password": PASSWORD, "name": "app"})
    assert r.status_code == 201, r.content


def test_api_refusals(tree, plain, outbox):
    c = Client()
    body = _error(_post(c, "/api/v1/signup/start", {"name": "别人", "id_number": plain.id_number,
                                                    "phone": plain.phone}), 400, "no_match")
    assert body["field"] is None and body["message"].startswith("我们无法核实")
    _error(_post(c, "/api/v1/signup/start", {"name": "王芳", "id_number": "123",
                                             "phone": plain.phone}), 400, "id_length")
    _error(_post(c, "/api/v1/signup/verify", {"challenge": "nope", "code": "123456",
                                              "username": "x", "password": PASSWORD}),
           400, "code_expired")
    _error(c.get("/api/v1/signup/invitations/made-up"), 400, "invitation_invalid")
    # starts from one address are limited (the refusals above counted one)
    for _ in range(9):
        _post(c, "/api/v1/signup/start", {"name": "别人", "id_number": plain.id_number,
                                          "phone": plain.phone})
    _error(_post(c, "/api/v1/signup/start", {"name": "王芳", "id_number": plain.id_number,
                                             "phone": plain.phone}), 429, "rate_limited")
    assert not outbox


def test_api_invitation_scoped_and_single_use(tree, staff, outside_staff, plain):
    c = Client()
    path = f"/api/v1/signup/residents/{plain.resident.pk}/invitations"
    _error(_post(c, path, {}, **_bearer(outside_staff)), 404, "not_found")
    r = _post(c, path, {}, **_bearer(staff))
    assert r.status_code == 201, r.content
    issued = r.json()
    assert issued["qr_svg"].startswith("<svg") and issued["url"].endswith(f"/i/{issued['token']}/")
    r = c.get(f"/api/v1/signup/invitations/{issued['token']}")
    assert r.json()["name"] == plain.resident.name
    accept = f"/api/v1/signup/invitations/{issued['token']}/accept"
    r = _post(c, accept, {"username": "wf", "password": PASSWORD})
    assert r.status_code == 201 and r.json()["roles"] == ["resident"]
    _error(_post(c, accept, {"username": "wf2", "password": PASSWORD}), 409, "invitation_used")
    # unlink: reason required, scoped, audited
    unlink = f"/api/v1/signup/residents/{plain.resident.pk}/unlink"
    _error(_post(c, unlink, {"reason": "x"}, **_bearer(outside_staff)), 404, "not_found")
    assert _post(c, unlink, {"reason": "居民要求"}, **_bearer(staff)).status_code == 204
    assert Resident.objects.get(pk=plain.resident.pk).user is None
    _error(_post(c, unlink, {"reason": "再来"}, **_bearer(staff)), 409, "not_linked")


def test_anonymous_cannot_issue_invitations(tree, plain):
    r = _post(Client(), f"/api/v1/signup/residents/{plain.resident.pk}/invitations", {})
    assert r.status_code == 401


# -- pages ----------------------------------------------------------------------------------
def test_pages_self_signup_signs_the_resident_in(tree, plain, outbox):
    c = Client()
    page = c.get("/signup/")
    assert page.status_code == 200 and "实名注册" in page.content.decode()
    r = c.post("/signup/", {"name": "王芳", "id_number": "x", "phone": plain.phone})
    assert r.status_code == 400 and "身份证" in r.content.decode()
    r = c.post("/signup/", {"name": "王芳", "id_number": plain.id_number, "phone": plain.phone})
    assert r.status_code == 302 and r["Location"] == "/signup/verify/"
    page = c.get("/signup/verify/").content.decode()
    assert "139****5678" in page and plain.phone not in page
    r = c.post("/signup/verify/", {"code": "000000" if code_of(outbox[0]) != "000000"
                                   else "111111", "username": "wf", "new_password": PASSWORD,
                                   "new_password2": PASSWORD})
    assert r.status_code == 400 and "验证码错误" in r.content.decode()
    r = c.post("/signup/verify/", {"code": code_of(outbox[0]), "username": "wf",
                                   "new_password": PASSWORD, "new_password2": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/"
    home = c.get("/")
    assert home.status_code == 200 and home.wsgi_request.user.username == "wf"
    assert AuditEvent.objects.filter(action="login", actor__username="wf").exists()


def test_page_no_match_is_one_generic_message(tree, plain, outbox):
    r = Client().post("/signup/", {"name": "王芳", "id_number": plain.id_number,
                                   "phone": "13900000000"})
    assert r.status_code == 400 and "我们无法核实您填写的信息" in r.content.decode()
    assert not outbox


def test_staff_pages_invite_with_a_qr_code_and_unlink(tree, staff, outside_staff, plain):
    c = Client()
    c.force_login(outside_staff)
    assert c.get(f"/signup/residents/{plain.resident.pk}/").status_code == 404
    assert c.post(f"/signup/residents/{plain.resident.pk}/invite/").status_code == 404
    c.force_login(staff)
    detail = c.get(f"/residents/{plain.resident.pk}/").content.decode()
    assert f"/signup/residents/{plain.resident.pk}/" in detail
    r = c.post(f"/signup/residents/{plain.resident.pk}/invite/")
    assert r.status_code == 200
    page = r.content.decode()
    assert 'src="data:image/svg+xml' in page and "/signup/i/" in page
    assert "data:" in r["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    link = page.split('data-testid="invite-link">')[1].split("<")[0]
    token_path = link[link.index("/signup/i/"):]
    # the resident opens the link, on their own phone
    resident_client = Client()
    assert "王 芳" in resident_client.get(token_path).content.decode()
    r = resident_client.post(token_path, {"username": "wf", "new_password": PASSWORD,
                                          "new_password2": PASSWORD})
    assert r.status_code == 302
    assert resident_client.get(token_path).status_code == 409  # used
    page = c.get(f"/signup/residents/{plain.resident.pk}/").content.decode()
    assert "wf" in page
    r = c.post(f"/signup/residents/{plain.resident.pk}/unlink/", {"reason": ""})
    assert r.status_code == 400
    r = c.post(f"/signup/residents/{plain.resident.pk}/unlink/", {"reason": "账号交给了他人"})
    assert r.status_code == 302
    assert User.objects.get(username="wf").roles == set()


def test_a_signed_up_party_member_reaches_their_resident_facing_pages(tree, staff, member,
                                                                      plain):
    """The account made through an invitation is the member's own: 双报到 self-service
    opens, and the resident list holds their own record only."""
    from shequ.signup import services

    _inv, token = services.invitation_issue(actor=staff, resident=member.resident)
    user = services.invitation_accept(token=token, username="lq", password=PASSWORD)
    c = Client()
    c.force_login(user)
    assert c.get("/members/me/").status_code == 200
    assert c.get("/").status_code == 200
    listed = c.get("/residents/").content.decode()
    assert "李强" in listed and "王 芳" not in listed
