"""A member's income base is personal financial data: the member reads their own; a
book-keeper sees it masked and reveals it with a reason, one audit row a reveal, as an ID
number is revealed; lists and downloads never carry it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from shequ.core.models import AuditEvent
from shequ.membership import services
from shequ.testing.factories import bearer

API = "/api/v1/membership"


@pytest.fixture
def profiled(staff, member):
    services.dues_profile_set(actor=staff, member=member, category="employed", base="8123")
    return member


def reveals():
    return AuditEvent.objects.filter(action="reveal", entity="dues_profile")


def test_a_keeper_reveals_the_income_with_a_reason_and_it_is_audited(client, staff, profiled):
    # given a book-keeper on the member's page: the income is masked, nothing recorded
    client.force_login(staff)
    url = reverse("membership:member-dues", args=[profiled.pk])
    assert "8123" not in client.get(url).content.decode() and not reveals().exists()
    # when they reveal it with a reason
    r = client.post(reverse("membership:member-base-reveal", args=[profiled.pk]),
                    {"reason": "核对党费基数"})
    # then it is shown once and one audit row names who, which record and why
    assert r.status_code == 200 and 'data-testid="clear-base"' in r.content.decode()
    assert "8123.00" in r.content.decode()
    event = reveals().get()
    assert event.actor_id == staff.pk and event.reason == "核对党费基数"
    assert "8123" not in str(event.summary) + str(event.after) + str(event.before)
    # and a second reveal is a second row
    client.post(reverse("membership:member-base-reveal", args=[profiled.pk]), {"reason": "再核对"})
    assert reveals().count() == 2


def test_a_reveal_without_a_reason_is_refused_and_not_recorded(client, staff, profiled):
    client.force_login(staff)
    r = client.post(reverse("membership:member-base-reveal", args=[profiled.pk]), {"reason": ""})
    assert r.status_code == 400 and "8123" not in r.content.decode()
    assert 'data-error-for="reason"' in r.content.decode() and not reveals().exists()


def test_a_supervisor_who_only_reads_the_branch_cannot_reveal(client, supervisor, profiled):
    client.force_login(supervisor)
    r = client.post(reverse("membership:member-base-reveal", args=[profiled.pk]),
                    {"reason": "想看看"})
    assert r.status_code == 403 and not reveals().exists()
    page = client.get(reverse("membership:member-dues", args=[profiled.pk])).content.decode()
    assert "8123" not in page and 'data-testid="reveal-base"' not in page


def test_staff_out_of_sight_are_told_the_member_does_not_exist(client, far, profiled):
    client.force_login(far["staff"])
    r = client.post(reverse("membership:member-base-reveal", args=[profiled.pk]),
                    {"reason": "核对"})
    assert r.status_code == 404 and not reveals().exists()


def test_the_member_reads_their_own_income_without_a_reveal(client, profiled):
    client.force_login(profiled.resident.user)
    page = client.get(reverse("membership:member-dues", args=[profiled.pk])).content.decode()
    assert "8123" in page and not reveals().exists()


def test_the_api_masks_the_income_for_keepers_and_reveals_it_audited(client, staff, profiled):
    h = bearer(staff)
    r = client.get(f"{API}/members/{profiled.pk}/dues", **h)
    assert r.status_code == 200 and r.json()["base"] is None
    r = client.put(f"{API}/members/{profiled.pk}/dues-profile",
                   {"category": "employed", "base": "9000"}, content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["base"] is None and not reveals().exists()
    r = client.post(f"{API}/members/{profiled.pk}/dues-base/reveal", {"reason": "核对"},
                    content_type="application/json", **h)
    assert r.status_code == 200 and r.json() == {"base": "9000.00"}
    assert reveals().count() == 1


def test_the_api_refuses_a_reveal_without_reason_or_right(client, staff, supervisor, profiled):
    url = f"{API}/members/{profiled.pk}/dues-base/reveal"
    r = client.post(url, {"reason": " "}, content_type="application/json", **bearer(staff))
    assert r.status_code == 400 and r.json()["field"] == "reason"
    r = client.post(url, {"reason": "想看看"}, content_type="application/json",
                    **bearer(supervisor))
    assert r.status_code == 403 and not reveals().exists()


def test_revealing_a_base_that_is_not_recorded_names_the_field(client, staff, member):
    services.dues_profile_set(actor=staff, member=member, category="student")
    r = client.post(f"{API}/members/{member.pk}/dues-base/reveal", {"reason": "核对"},
                    content_type="application/json", **bearer(staff))
    assert r.status_code == 400 and r.json()["field"] == "base" and not reveals().exists()


def test_lists_and_downloads_never_carry_the_income(client, staff, orgs, profiled):
    client.force_login(staff)
    branch = reverse("membership:branch-dues", args=[orgs["a"].pk])
    pages = [client.get(branch).content.decode(),
             client.get(reverse("membership:branch-list")).content.decode(),
             str(client.get(f"{API}/branches/{orgs['a'].pk}/dues", **bearer(staff)).json())]
    for url in (branch + "?format=xlsx",
                reverse("membership:member-dues", args=[profiled.pk]) + "?format=xlsx"):
        r = client.get(url)
        assert r.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)
                                                 if r.streaming else r.content))
        pages.append(str([c.value for row in book.active.iter_rows() for c in row]))
    assert all("8123" not in p for p in pages)
    assert not reveals().exists()


def test_key_rotation_re_encrypts_the_income(staff, member, settings):
    from django.core.management import call_command

    from shequ.core import crypto
    from shequ.membership.models import DuesProfile
    services.dues_profile_set(actor=staff, member=member, category="employed", base="8123")
    settings.ENCRYPTION_KEYS = "k3:" + crypto.generate_key() + "," + settings.ENCRYPTION_KEYS
    call_command("rotate_keys", stdout=io.StringIO())
    blob = bytes(DuesProfile.objects.get().base_enc)
    assert crypto.key_id_of(blob) == "k3" and crypto.decrypt(blob) == "8123.00"
