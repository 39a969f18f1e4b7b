"""Staff see the open invitations of residents they may edit and take one back with a
reason (page and API); the revoked link is refused with its own message, on the page and
the API; refusals (no reason, out of scope, already closed) change nothing."""

import json

import pytest
from django.test import Client

from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.signup import services
from shequ.signup.models import Invitation

from .conftest import PASSWORD
from .test_doors import _bearer, _error, _post

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(plain, staff):
    invitation, token = services.invitation_issue(actor=staff, resident=plain.resident)
    return invitation, token


def test_the_service_revokes_once_with_a_reason_and_the_link_is_refused(issued, staff,
                                                                         outside_staff):
    invitation, token = issued
    with pytest.raises(DomainError) as exc:
        services.invitation_revoke(actor=staff, invitation=invitation, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(NotFound):
        services.invitation_revoke(actor=outside_staff, invitation=invitation, reason="错发")
    services.invitation_revoke(actor=staff, invitation=invitation, reason="错发给邻居")
    assert AuditEvent.objects.filter(action="invite_revoke", entity_id=invitation.pk,
                                     reason="错发给邻居").exists()
    with pytest.raises(Conflict):
        services.invitation_revoke(actor=staff, invitation=invitation, reason="再撤")
    with pytest.raises(DomainError) as exc:
        services.invitation_accept(token=token, username="wf", password=PASSWORD)
    assert exc.value.code == "invitation_revoked"


def test_the_pages_list_and_revoke_with_confirmation(issued, staff, outside_staff, plain):
    invitation, token = issued
    c = Client()
    c.force_login(staff)
    page = c.get("/signup/invitations/")
    assert page.status_code == 200 and plain.resident.name in page.content.decode()
    c2 = Client()
    c2.force_login(outside_staff)
    assert plain.resident.name not in c2.get("/signup/invitations/").content.decode()
    assert c2.get(f"/signup/invitations/{invitation.pk}/revoke/").status_code == 404
    url = f"/signup/invitations/{invitation.pk}/revoke/"
    assert c.post(url, {"reason": ""}).status_code == 400
    asking = c.post(url, {"reason": "错发"})
    assert asking.status_code == 200 and Invitation.objects.get(pk=invitation.pk).revoked_at is None
    done = c.post(url, {"reason": "错发", "confirmed": "1"})
    assert done.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).revoke_reason == "错发"
    assert "暂无" in c.get("/signup/invitations/").content.decode() or \
        plain.resident.name not in c.get("/signup/invitations/").content.decode()
    link = Client().get(f"/signup/i/{token}/")
    assert link.status_code == 400 and "撤回" in link.content.decode()


def test_the_api_lists_and_revokes(issued, staff, outside_staff, plain):
    invitation, token = issued
    c = Client()
    listing = c.get("/api/v1/signup/invitations", **_bearer(staff)).json()
    assert [i["id"] for i in listing["items"]] == [invitation.pk]
    assert c.get("/api/v1/signup/invitations", **_bearer(outside_staff)).json()["items"] == []
    path = f"/api/v1/signup/invitations/{invitation.pk}/revoke"
    _error(_post(c, path, {"reason": "x"}, **_bearer(outside_staff)), 404, "not_found")
    _error(_post(c, path, {"reason": ""}, **_bearer(staff)), 400, "required")
    r = _post(c, path, {"reason": "错发"}, **_bearer(staff))
    assert r.status_code == 200 and r.json()["revoked_at"]
    _error(_post(c, path, {"reason": "错发"}, **_bearer(staff)), 409, "invitation_closed")
    _error(c.get(f"/api/v1/signup/invitations/{token}"), 400, "invitation_revoked")
    assert json.loads(c.get("/api/v1/signup/invitations", **_bearer(staff)).content)[
        "items"] == []


def test_the_list_costs_the_same_queries_for_more_invitations(tree, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.testing import factories

    c = Client()
    c.force_login(staff)
    counts = []
    for n in (2, 8):
        for i in range(n):
            person = factories.resident(tree.household1, name=f"居民{n}{i}")
            services.invitation_issue(actor=staff, resident=person)
        with CaptureQueriesContext(connection) as queries:
            assert c.get("/signup/invitations/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
