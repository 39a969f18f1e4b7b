"""An account's phone is kept as a resident's is: encrypted, a blind index, masked on pages
and in the API, validated like a resident phone, revealed only with a logged reason, and
never written to the audit trail in clear."""

import json
import logging

import pytest

from shequ.accounts import services
from shequ.accounts.models import User
from shequ.core import crypto
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.core.phones import phone_hash

from .conftest import error

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("summary", "before", "after")),
                      ensure_ascii=False, default=str)


def test_created_with_a_phone_it_is_stored_encrypted_and_masked(tree):
    user = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                phone="138 1234-5678")
    user.refresh_from_db()
    assert user.phone_masked == "138****5678"
    assert user.phone_hash == phone_hash(PHONE)
    assert PHONE.encode() not in bytes(user.phone_enc)
    assert crypto.decrypt(user.phone_enc) == PHONE
    assert User.objects.filter(phone_hash=phone_hash(PHONE)).get() == user
    assert PHONE not in _audit_text() and "138****5678" in _audit_text()


@pytest.mark.parametrize("bad", ["12345", "1381234567x", "23812345678"])
def test_a_bad_phone_is_refused_and_nothing_is_written(tree, sysadmin, bad):
    with pytest.raises(DomainError) as exc:
        services.user_create(actor=sysadmin, username="liming", home_area=tree.community,
                             phone=bad)
    assert exc.value.field == "phone"
    assert not User.objects.filter(username="liming").exists()


def test_update_sets_changes_and_clears_the_phone_audited_masked(tree, sysadmin, caplog):
    user = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!")
    caplog.set_level(logging.DEBUG)
    services.user_update(actor=sysadmin, user=user, phone=PHONE)
    assert User.objects.get(pk=user.pk).phone_masked == "138****5678"
    # another number with the same mask still counts as a change
    services.user_update(actor=sysadmin, user=user, phone="13899995678")
    services.user_update(actor=sysadmin, user=user, phone="13899995678")  # no change
    updates = AuditEvent.objects.filter(action="update", entity="user", entity_id=str(user.pk))
    assert updates.count() == 2
    assert updates.last().after == {"phone": "138****5678"}
    services.user_update(actor=sysadmin, user=user, phone="")
    user.refresh_from_db()
    assert user.phone_enc is None and user.phone_hash == "" and user.phone_masked == ""
    with pytest.raises(DomainError) as exc:
        services.user_update(actor=sysadmin, user=user, phone="110")
    assert exc.value.field == "phone"
    text = _audit_text() + caplog.text
    assert PHONE not in text and "13899995678" not in text


def test_reveal_needs_a_reason_and_is_logged(tree, sysadmin, street_sysadmin, other):
    user = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                phone=PHONE, home_area=tree.grid1)
    with pytest.raises(DomainError):
        services.user_phone_reveal(actor=sysadmin, user=user, reason="")
    assert services.user_phone_reveal(actor=sysadmin, user=user, reason="回访核实") == PHONE
    assert services.user_phone_reveal(actor=user, user=user, reason="本人查看") == PHONE
    reveals = AuditEvent.objects.filter(action="reveal", entity="user")
    assert reveals.count() == 2 and PHONE not in _audit_text()
    outsider = services.user_create(actor=SYSTEM, username="other", password="Xk9#pq2-Lm7!",
                                    phone=PHONE, home_area=other.grid)
    with pytest.raises(NotFound):
        services.user_phone_reveal(actor=street_sysadmin, user=outsider, reason="回访核实")


def test_api_takes_a_phone_and_shows_it_masked(api_as, tree, sysadmin):
    api = api_as(sysadmin)
    r = api.post("/api/v1/users", {"username": "liming", "home_area_id": tree.community.pk,
                                   "email": "li@example.com", "phone": PHONE})
    assert r.status_code == 201, r.content
    assert r.json()["phone"] == "138****5678" and PHONE not in r.content.decode()
    uid = r.json()["id"]
    error(api.patch(f"/api/v1/users/{uid}", {"phone": "999"}), 400, field="phone")
    r = api.patch(f"/api/v1/users/{uid}", {"phone": "13900001111"})
    assert r.json()["phone"] == "139****1111"
    listed = api.get("/api/v1/users", {"q": "liming"}).json()["items"]
    assert listed[0]["phone"] == "139****1111"


def test_pages_show_the_phone_masked(client, tree, sysadmin):
    user = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                phone=PHONE, home_area=tree.community)
    client.force_login(sysadmin)
    page = client.get(f"/accounts/users/{user.pk}/").content.decode()
    assert "138****5678" in page and PHONE not in page
    client.force_login(user)
    page = client.get("/accounts/me/").content.decode()
    assert "138****5678" in page and PHONE not in page


def test_key_rotation_re_encrypts_account_phones(tree, settings):
    import io

    from django.core.management import call_command

    settings.ENCRYPTION_KEYS = "k1:" + settings.ENCRYPTION_KEYS.split("k1:")[1]
    user = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                phone=PHONE)
    settings.ENCRYPTION_KEYS = "k3:" + crypto.generate_key() + "," + settings.ENCRYPTION_KEYS
    out = io.StringIO()
    call_command("rotate_keys", stdout=out)
    user.refresh_from_db()
    assert crypto.key_id_of(user.phone_enc) == "k3" and crypto.decrypt(user.phone_enc) == PHONE
    assert "re-encrypted 1 account rows" in out.getvalue()


def test_api_reveal_needs_a_reason_and_scope_and_is_logged(api_as, tree, other, sysadmin,
                                                           street_sysadmin):
    inside = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                  phone=PHONE, home_area=tree.grid1)
    outside = services.user_create(actor=SYSTEM, username="other", password="Xk9#pq2-Lm7!",
                                   phone=PHONE, home_area=other.grid)
    api = api_as(street_sysadmin)
    error(api.post(f"/api/v1/users/{inside.pk}/phone/reveal", {"reason": ""}), 400,
          field="reason")
    error(api.post(f"/api/v1/users/{outside.pk}/phone/reveal", {"reason": "回访核实"}), 404)
    r = api.post(f"/api/v1/users/{inside.pk}/phone/reveal", {"reason": "回访核实"})
    assert r.status_code == 200 and r.json() == {"phone": PHONE}
    event = AuditEvent.objects.get(action="reveal", entity="user")
    assert event.actor == street_sysadmin and event.reason == "回访核实"


# -- the reveal button on the account page ------------------------------------------------------
def _reveal(client, user, reason):
    return client.post(f"/accounts/users/{user.pk}/phone/reveal/", {"reason": reason})


def test_the_account_page_reveals_the_phone_with_a_reason_and_logs_it(client, tree, other,
                                                                     street_sysadmin):
    # given an account in the street administrator's care, with a phone
    inside = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                  phone=PHONE, home_area=tree.grid1)
    client.force_login(street_sysadmin)
    page = client.get(f"/accounts/users/{inside.pk}/").content.decode()
    assert 'data-testid="reveal-phone"' in page and PHONE not in page
    # when: no reason, then a reason
    refused = _reveal(client, inside, " ")
    shown = _reveal(client, inside, "回访核实")
    # then: the refusal shows nothing and logs nothing; the reveal shows it once, logged
    assert refused.status_code == 400 and PHONE not in refused.content.decode()
    assert 'data-error-for="reason"' in refused.content.decode()
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    assert f'data-testid="clear-phone">{PHONE}<' in shown.content.decode()
    [event] = AuditEvent.objects.filter(action="reveal", entity="user")
    assert (event.actor, event.reason, event.entity_id) == (street_sysadmin, "回访核实",
                                                           str(inside.pk))
    assert client.get(f"/accounts/users/{inside.pk}/").content.decode().count(PHONE) == 0


def test_the_reveal_is_refused_to_roles_that_may_not_and_offered_only_to_those_that_may(
        client, tree, other, street_sysadmin, staff):
    from shequ.accounts.roles import Role
    from shequ.testing import factories

    outside = services.user_create(actor=SYSTEM, username="other", password="Xk9#pq2-Lm7!",
                                   phone=PHONE, home_area=other.grid)
    auditor = factories.user(Role.AUDITOR, tree.street, username="auditor_street")
    services.user_update(actor=SYSTEM, user=auditor, phone=PHONE)
    inside = services.user_create(actor=SYSTEM, username="liming", password="Xk9#pq2-Lm7!",
                                  phone=PHONE, home_area=tree.grid1)
    # a system administrator: out of their care (404), an auditor's account (403, no button)
    client.force_login(street_sysadmin)
    assert _reveal(client, outside, "回访核实").status_code == 404
    page = client.get(f"/accounts/users/{auditor.pk}/").content.decode()
    assert 'data-testid="reveal-phone"' not in page and 'data-testid="masked-phone"' in page
    assert _reveal(client, auditor, "回访核实").status_code == 403
    # community staff administer no account at all
    client.force_login(staff)
    assert _reveal(client, inside, "回访核实").status_code == 404
    assert not AuditEvent.objects.filter(action="reveal").exists()
