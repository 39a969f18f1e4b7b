"""The JSON API: the same services and refusals as the pages, as {"code","message","field"}."""

import io

import pytest
from django.utils import timezone

from shequ.membership import services
from shequ.membership.models import DuesPayment, Transfer
from shequ.membership.services.dues import month_start
from shequ.testing.factories import bearer

from .test_dues import workbook

API = "/api/v1/membership"
MONTH = f"{month_start(timezone.localdate()):%Y-%m}"


@pytest.fixture
def profiled(staff, member):
    services.dues_profile_set(actor=staff, member=member, category="retired", base="6000")
    return member


def test_payment_and_arrears(client, staff, orgs, profiled):
    h = bearer(staff)
    r = client.post(f"{API}/branches/{orgs['a'].pk}/payments", {"member": profiled.pk,
                    "month": MONTH, "amount": "60.00"}, content_type="application/json", **h)
    assert r.status_code == 201 and r.json()["amount"] == "60.00"
    r = client.get(f"{API}/branches/{orgs['a'].pk}/dues", **h)
    assert r.json()[0]["unpaid_months"] == [] and r.json()[0]["monthly"] == "60.00"


def test_payment_for_a_member_of_another_branch(client, staff, orgs, profiled):
    r = client.post(f"{API}/branches/{orgs['b'].pk}/payments", {"member": profiled.pk,
                    "month": MONTH}, content_type="application/json", **bearer(staff))
    assert r.status_code == 400
    assert r.json()["code"] == "not_in_branch" and r.json()["field"] == "member"


def test_float_like_amounts_are_refused(client, staff, orgs, profiled):
    r = client.post(f"{API}/branches/{orgs['a'].pk}/payments", {"member": profiled.pk,
                    "month": MONTH, "amount": 0.1}, content_type="application/json",
                    **bearer(staff))
    assert r.status_code == 400 and not DuesPayment.objects.exists()


def test_statement_import_lists_problems(client, staff, orgs, profiled):
    f = io.BytesIO(workbook([("无此人", "0000", MONTH, 40, "", "")]))
    f.name = "s.xlsx"
    r = client.post(f"{API}/branches/{orgs['a'].pk}/statement", {"file": f}, **bearer(staff))
    assert r.status_code == 400 and r.json()["code"] == "statement_rows"
    assert r.json()["problems"][0]["line"] == 3


def test_statement_shows_the_base_to_the_member_only(client, supervisor, profiled):
    r = client.get(f"{API}/members/{profiled.pk}/dues", **bearer(supervisor))
    assert r.status_code == 200 and r.json()["base"] is None and r.json()["monthly"] == "60.00"
    r = client.get(f"{API}/members/{profiled.pk}/dues", **bearer(profiled.resident.user))
    assert r.json()["base"] == "6000.00"


def test_transfer_to_a_missing_organisation(client, staff, member):
    r = client.post(f"{API}/transfers", {"member": member.pk, "to_org": 999999},
                    content_type="application/json", **bearer(staff))
    assert r.status_code == 404 and r.json()["field"] == "to_org"
    assert not Transfer.objects.exists()


def test_transfer_flow(client, staff, orgs, member):
    h = bearer(staff)
    r = client.post(f"{API}/transfers", {"member": member.pk, "to_org": orgs["a"].pk},
                    content_type="application/json", **h)
    assert r.status_code == 400 and r.json()["code"] == "same_branch"
    r = client.post(f"{API}/transfers", {"member": member.pk, "to_org": orgs["b"].pk},
                    content_type="application/json", **h)
    tid = r.json()["id"]
    client.post(f"{API}/transfers/{tid}/send", {"letter_number": "12"},
                content_type="application/json", **h)
    r = client.post(f"{API}/transfers/{tid}/confirm", {}, content_type="application/json", **h)
    assert r.json()["state"] == "confirmed"
    r = client.post(f"{API}/transfers/{tid}/confirm", {}, content_type="application/json", **h)
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"


def test_posts(client, staff, orgs, member):
    r = client.post(f"{API}/posts", {"org": orgs["a"].pk, "kind": "study", "title": "学习材料",
                                     "body": "正文"}, content_type="application/json",
                    **bearer(staff))
    assert r.status_code == 201 and r.json()["recipients"] == 1
    r = client.get(f"{API}/posts/mine", **bearer(member.resident.user))
    assert [p["title"] for p in r.json()] == ["学习材料"]


def test_cli_import_and_refusal(tmp_path, staff, orgs, profiled):
    from django.core.management import CommandError, call_command

    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook([("党员甲", profiled.resident.id_tail4, MONTH, "60", "", "")]))
    out = io.StringIO()
    call_command("dues", "import", str(good), branch=orgs["a"].pk, username=staff.username,
                 stdout=out)
    assert "imported 1 payment(s), 60.00 yuan" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("dues", "import", str(good), branch=orgs["a"].pk, username=staff.username,
                     stderr=err)
    assert "row 3" in err.getvalue()
