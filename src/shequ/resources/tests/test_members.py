"""Platform members' delegates and monthly quotas over the API and ``shequ resources``: the
same services as the page, scoped to the caller's communities, audited, refused clearly and
nothing half-written."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.organizations import services as org_services
from shequ.resources.models import PlatformMember
from shequ.resources.policies import delegate_units
from shequ.testing import factories

from .conftest import code

pytestmark = pytest.mark.django_db


def patch(client, url, user, body):
    return client.patch(url, body, content_type="application/json", **factories.bearer(user))


def post(client, url, user, body):
    return client.post(url, body, content_type="application/json", **factories.bearer(user))


def run(*args) -> str:
    out = StringIO()
    call_command("resources", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def elsewhere():
    return factories.Tree(prefix="8")


def test_staff_set_quota_and_delegates_over_the_api(client, tree, staff, member, delegate,
                                                    unit):
    other = factories.user("unit_liaison", tree.community, username="liaison_b")
    url = f"/api/v1/resource-members/{member.pk}"
    r = patch(client, url, staff, {"monthly_quota_hours": 12, "delegates": ["liaison_b"]})
    assert r.status_code == 200, r.json()
    body = r.json()
    assert body["monthly_quota_hours"] == 12 and body["delegates"] == ["liaison_b"]
    member.refresh_from_db()
    assert list(member.delegates.all()) == [other]
    assert delegate_units(other) == {unit.pk}
    event = AuditEvent.objects.get(action="member_update")
    assert event.before["quota"] is None and event.after["quota"] == 12
    assert event.after["delegates"] == ["liaison_b"]
    # only what is sent changes; null lifts the cap
    r = patch(client, url, staff, {"monthly_quota_hours": None})
    assert r.json()["monthly_quota_hours"] is None and r.json()["delegates"] == ["liaison_b"]
    r = client.get("/api/v1/resource-members", **factories.bearer(staff)).json()
    assert [m["unit_name"] for m in r["items"]] == [unit.name] and r["next_cursor"] is None


def test_api_refusals_write_nothing(client, tree, staff, member, delegate, resident, elsewhere):
    url = f"/api/v1/resource-members/{member.pk}"
    r = patch(client, url, staff, {"monthly_quota_hours": 8, "delegates": ["nobody_here"]})
    assert r.status_code == 400 and r.json()["field"] == "delegates"
    assert "nobody_here" in r.json()["message"]
    r = patch(client, url, staff, {"monthly_quota_hours": -1})
    assert r.status_code == 400 and r.json()["field"] == "monthly_quota_hours"
    r = patch(client, url, staff, {"quota": 3})
    assert r.status_code in (400, 422)
    # a unit's own delegate may not change its quota; a resident does not see the platform;
    # staff of another community do not find it
    assert patch(client, url, delegate, {"monthly_quota_hours": 99}).status_code == 403
    assert patch(client, url, resident, {"monthly_quota_hours": 99}).status_code == 404
    far = factories.user("community_staff", elsewhere.community)
    assert patch(client, url, far, {"monthly_quota_hours": 99}).status_code == 404
    assert client.get("/api/v1/resource-members",
                      **factories.bearer(far)).json()["items"] == []
    member.refresh_from_db()
    assert member.monthly_quota_hours is None and list(member.delegates.all()) == [delegate]
    assert not AuditEvent.objects.filter(action="member_update").exists()


def test_a_unit_joins_over_the_api(client, tree, staff, delegate, elsewhere):
    unit = org_services.unit_create(actor=SYSTEM, name="翠屏小学", credit_code=code(11),
                                    kind="institution", area=tree.community)
    body = {"unit": unit.pk, "community": tree.community.pk, "contact": "李老师",
            "monthly_quota_hours": 20, "delegates": [delegate.username]}
    r = post(client, "/api/v1/resource-members", staff, body)
    assert r.status_code == 201 and r.json()["delegates"] == [delegate.username]
    assert AuditEvent.objects.filter(action="member_join").count() == 1
    # a community outside the caller's scope, a unit they do not manage
    r = post(client, "/api/v1/resource-members", staff,
             {**body, "community": elsewhere.community.pk})
    assert r.status_code == 404 and r.json()["field"] == "community"
    far_unit = org_services.unit_create(actor=SYSTEM, name="别处的单位", credit_code=code(12),
                                        kind="institution", area=elsewhere.community)
    r = post(client, "/api/v1/resource-members", staff, {**body, "unit": far_unit.pk})
    assert r.status_code == 404 and r.json()["field"] == "unit"
    assert PlatformMember.objects.count() == 1


def test_the_command_lists_joins_and_sets_quota_and_delegates(tree, staff, member, delegate,
                                                              unit):
    factories.user("unit_liaison", tree.community, username="liaison_c")
    out = run("members", "--actor", staff.username)
    assert unit.name in out and "1 member(s)" in out
    out = run("quota", str(member.pk), "6", "--actor", staff.username)
    assert "quota set" in out
    out = run("delegates", str(member.pk), "liaison_c", delegate.username,
              "--actor", staff.username)
    member.refresh_from_db()
    assert member.monthly_quota_hours == 6
    assert sorted(member.delegates.values_list("username", flat=True)) == sorted(
        ["liaison_c", delegate.username])
    run("quota", str(member.pk), "none")
    run("delegates", str(member.pk), "none")
    member.refresh_from_db()
    assert member.monthly_quota_hours is None and not member.delegates.exists()
    assert AuditEvent.objects.filter(action="member_update").count() == 4
    school = org_services.unit_create(actor=SYSTEM, name="翠屏小学", credit_code=code(11),
                                      kind="institution", area=tree.community)
    out = run("join", school.credit_code, "--community", tree.community.code, "--quota", "10",
              "--actor", staff.username)
    assert "joined" in out and PlatformMember.objects.get(unit=school).monthly_quota_hours == 10


def test_the_command_refuses_clearly(tree, member, delegate, resident, elsewhere):
    far = factories.user("community_staff", elsewhere.community)
    for args, wanted in (
        (("quota", str(member.pk), "lots"), "invalid: 请填写 0 或更多小时"),
        (("quota", str(member.pk), "4", "--actor", far.username), "not_found"),
        (("quota", str(member.pk), "4", "--actor", delegate.username), "forbidden"),
        (("delegates", str(member.pk), "ghost"), "ghost"),
        (("join", "NOPE", "--community", tree.community.code), "not_found"),
    ):
        with pytest.raises(CommandError) as exc:
            run(*args)
        assert wanted in str(exc.value), (args, exc.value)
    member.refresh_from_db()
    assert member.monthly_quota_hours is None and list(member.delegates.all()) == [delegate]
