"""Sign-up rules: a full match gets a code and an account linked to the resident with the
right roles; every refusal (no match, wrong/expired/used code, too many tries, limits,
already linked, invitation used/expired, out-of-scope staff) writes nothing but its log."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from shequ.accounts.models import Grant, User
from shequ.accounts.roles import Role
from shequ.core.errors import Conflict, DomainError, NotFound, RateLimited
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.signup import services
from shequ.signup.models import Challenge, Invitation
from shequ.testing import factories

from .conftest import PASSWORD, code_of

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


def _start(person, **over):
    args = {"name": person.name, "id_number": person.id_number, "phone": person.phone,
            "ip": IP, **over}
    return services.signup_start(**args)


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values("summary", "before", "after", "reason")),
                      ensure_ascii=False, default=str)


def _refusals(reason=None):
    qs = AuditEvent.objects.filter(action="signup_refused")
    return qs.filter(summary=reason) if reason else qs


# -- self sign-up ---------------------------------------------------------------------------
def test_a_party_member_signs_up_and_gets_both_roles(tree, member, outbox):
    started = _start(member, phone="137-0000-1111")
    assert started.sent_to == "137****1111"
    [sms] = outbox
    assert sms.phone == member.phone
    code = code_of(sms)
    challenge = Challenge.objects.get()
    assert code not in challenge.code_hash and challenge.key == started.key
    user = services.signup_complete(key=started.key, code=code, username="liqiang",
                                    password=PASSWORD, ip=IP)
    # linked, with the resident and party-member roles over the community, in force
    assert Resident.objects.get(pk=member.resident.pk).user == user
    assert set(Grant.objects.filter(user=user).values_list("role", "area")) == {
        (Role.RESIDENT, tree.community.pk), (Role.PARTY_MEMBER, tree.community.pk)}
    assert user.home_area == tree.community and user.display_name == "李强"
    assert user.phone_masked == "137****1111" and user.phone_hash == member.resident.phone_hash
    assert user.check_password(PASSWORD)
    # resident-facing features see their own records
    assert list(Resident.objects.for_actor(user, "view_people")) == [member.resident]
    assert user.can("dual_self_service")
    link = AuditEvent.objects.get(action="link_user", entity_id=str(member.resident.pk))
    assert link.after["via"] == "signup"
    text = _audit_text()
    assert member.phone not in text and member.id_number not in text and code not in text


def test_a_plain_resident_gets_only_the_resident_role(tree, plain, outbox):
    started = _start(plain)  # recorded as "王 芳": blanks in names do not count
    user = services.signup_complete(key=started.key, code=code_of(outbox[0]),
                                    username="wangfang", password=PASSWORD, ip=IP)
    assert user.roles == {Role.RESIDENT}


@pytest.mark.parametrize("over", [
    {"name": "王芬"},
    {"phone": "13912345670"},
    {"id_number": "11010519491231002X"},
])
def test_any_mismatch_gets_the_same_refusal_and_is_logged(tree, plain, outbox, over):
    with pytest.raises(DomainError) as exc:
        _start(plain, **over)
    assert exc.value.code == "no_match" and exc.value.field is None
    assert exc.value.message.startswith("我们无法核实")
    assert not outbox and not Challenge.objects.exists()
    assert _refusals("no_match").count() == 1
    assert plain.phone not in _audit_text() and plain.id_number not in _audit_text()


def test_bad_formats_name_their_field(tree, plain):
    with pytest.raises(DomainError) as exc:
        _start(plain, id_number="12345")
    assert exc.value.field == "id_number"
    with pytest.raises(DomainError) as exc:
        _start(plain, phone="12")
    assert exc.value.field == "phone"


def test_wrong_codes_count_and_the_sixth_try_is_refused(tree, plain, outbox):
    started = _start(plain)
    good = code_of(outbox[0])
    bad = "000000" if good != "000000" else "111111"
    for left in range(services.CODE_ATTEMPTS - 1, -1, -1):
        with pytest.raises(DomainError) as exc:
            services.signup_complete(key=started.key, code=bad, username="wf",
                                     password=PASSWORD, ip=IP)
        assert exc.value.code == "code_wrong" and f"{left}" in exc.value.message
    with pytest.raises(RateLimited) as exc:  # even the right code, now
        services.signup_complete(key=started.key, code=good, username="wf",
                                 password=PASSWORD, ip=IP)
    assert exc.value.code == "too_many_attempts" and exc.value.status == 429
    assert not User.objects.filter(username="wf").exists()
    assert _refusals("code_wrong").count() == services.CODE_ATTEMPTS


def test_an_expired_code_is_refused(tree, plain, outbox):
    started = _start(plain)
    Challenge.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(DomainError) as exc:
        services.signup_complete(key=started.key, code=code_of(outbox[0]), username="wf",
                                 password=PASSWORD, ip=IP)
    assert exc.value.code == "code_expired"
    assert Resident.objects.get(pk=plain.resident.pk).user is None


def test_a_code_works_once_and_a_linked_resident_cannot_start_again(tree, plain, outbox):
    started = _start(plain)
    code = code_of(outbox[0])
    services.signup_complete(key=started.key, code=code, username="wf", password=PASSWORD,
                             ip=IP)
    with pytest.raises(DomainError) as exc:
        services.signup_complete(key=started.key, code=code, username="wf2",
                                 password=PASSWORD, ip=IP)
    assert exc.value.code == "code_expired"
    with pytest.raises(Conflict) as exc:
        _start(plain, ip="198.51.100.1")
    assert exc.value.code == "already_linked"


def test_a_refused_account_leaves_the_code_usable(tree, plain, outbox):
    """A taken username or weak password is the form's error; the code still works."""
    taken = factories.user(username="taken")
    started = _start(plain)
    code = code_of(outbox[0])
    with pytest.raises(DomainError) as exc:
        services.signup_complete(key=started.key, code=code, username=taken.username,
                                 password=PASSWORD, ip=IP)
    assert exc.value.field == "username"
    with pytest.raises(DomainError) as exc:
        services.signup_complete(key=started.key, code=code, username="wf", password="123",
                                 ip=IP)
    assert exc.value.field == "password"
    assert Resident.objects.get(pk=plain.resident.pk).user is None
    services.signup_complete(key=started.key, code=code, username="wf", password=PASSWORD,
                             ip=IP)


def test_codes_per_phone_are_limited(tree, plain, outbox):
    for k in range(services.PHONE_LIMIT.count):
        _start(plain, ip=f"198.51.100.{k}")
    with pytest.raises(RateLimited) as exc:
        _start(plain, ip="198.51.100.99")
    assert exc.value.status == 429
    assert len(outbox) == services.PHONE_LIMIT.count
    assert _refusals("rate_limited_phone").count() == 1


def test_attempts_per_address_are_limited(tree, plain, outbox):
    for _ in range(services.START_LIMIT.count):
        with pytest.raises(DomainError):
            _start(plain, name="某某")
    with pytest.raises(RateLimited):
        _start(plain)  # even a right match, from this address, now
    assert not outbox


def test_no_gateway_says_so(tree, plain, settings):
    settings.SMS_BACKEND = "shequ.core.sms.DisabledBackend"
    with pytest.raises(DomainError) as exc:
        _start(plain)
    assert exc.value.code == "sms_unavailable"
    assert not Challenge.objects.exists()


# -- invitations ----------------------------------------------------------------------------
def test_staff_invite_and_the_resident_accepts_once(tree, staff, member):
    invitation, token = services.invitation_issue(actor=staff, resident=member.resident)
    assert token not in invitation.token_hash
    assert AuditEvent.objects.filter(action="invite", actor=staff).count() == 1
    user = services.invitation_accept(token=token, username="liqiang", password=PASSWORD)
    assert user.roles == {Role.RESIDENT, Role.PARTY_MEMBER}
    assert Resident.objects.get(pk=member.resident.pk).user == user
    invitation.refresh_from_db()
    assert invitation.used_at and invitation.used_by == user
    assert user.phone_masked == "137****1111"
    with pytest.raises(Conflict) as exc:
        services.invitation_accept(token=token, username="again", password=PASSWORD)
    assert exc.value.code == "invitation_used"
    with pytest.raises(Conflict) as exc:  # linked now: no new invitation
        services.invitation_issue(actor=staff, resident=member.resident)
    assert exc.value.code == "already_linked"


def test_an_expired_or_made_up_invitation_is_refused(tree, staff, plain):
    _invitation, token = services.invitation_issue(actor=staff, resident=plain.resident)
    Invitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as exc:
        services.invitation_accept(token=token, username="wf", password=PASSWORD)
    assert exc.value.code == "invitation_expired"
    with pytest.raises(DomainError) as exc:
        services.invitation_accept(token="made-up", username="wf", password=PASSWORD)
    assert exc.value.code == "invitation_invalid"
    assert not User.objects.filter(username="wf").exists()


def test_out_of_scope_staff_cannot_invite_and_viewers_may_not(tree, outside_staff, plain):
    with pytest.raises(NotFound):
        services.invitation_issue(actor=outside_staff, resident=plain.resident)
    supervisor = factories.user("supervisor", tree.community)
    with pytest.raises(DomainError) as exc:
        services.invitation_issue(actor=supervisor, resident=plain.resident)
    assert exc.value.status == 403
    assert not Invitation.objects.exists()


# -- unlinking ------------------------------------------------------------------------------
def test_unlinking_is_audited_and_takes_the_roles_away(tree, staff, member, outside_staff):
    _inv, token = services.invitation_issue(actor=staff, resident=member.resident)
    user = services.invitation_accept(token=token, username="liqiang", password=PASSWORD)
    with pytest.raises(DomainError) as exc:
        services.resident_unlink(actor=staff, resident=member.resident, reason=" ")
    assert exc.value.field == "reason"
    with pytest.raises(NotFound):
        services.resident_unlink(actor=outside_staff, resident=member.resident, reason="搬走")
    services.resident_unlink(actor=staff, resident=member.resident, reason="账号交给了他人")
    assert Resident.objects.get(pk=member.resident.pk).user is None
    assert not Grant.all_objects.filter(user=user).exists()
    assert User.objects.get(pk=user.pk).scope_for("view_people").is_empty
    event = AuditEvent.objects.get(action="unlink_user")
    assert event.actor == staff and event.reason == "账号交给了他人"
    assert event.after["roles_removed"] == ["party_member", "resident"]
    with pytest.raises(Conflict) as exc:
        services.resident_unlink(actor=staff, resident=member.resident, reason="again")
    assert exc.value.code == "not_linked"
