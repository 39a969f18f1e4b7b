"""Free text of 双报到 (post names and descriptions, logs, reasons) is refused over its
limit with a clear message on every door — service, page and API — never cut silently."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.members import services
from shequ.members.models import DualRegistration, ServiceLog, ServicePost


def test_services_refuse_texts_over_their_limit(tree, staff, member, post):
    """Post name and description, a log's description and an end reason are refused with
    too_long naming the field; nothing is stored cut short."""
    reg = services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    cases = [
        (services.post_create, {"community": tree.community, "name": "岗" * 61}, "name"),
        (services.post_create, {"community": tree.community, "name": "新岗",
                                "description": "述" * 301}, "description"),
        (services.service_log_create, {"registration": reg, "served_on": timezone.localdate(),
                                       "hours": 1, "description": "做" * 301}, "description"),
        (services.dual_end, {"registration": reg, "reason": "因" * 201}, "reason"),
    ]
    for fn, kwargs, field in cases:
        with pytest.raises(DomainError) as refused:
            fn(actor=staff, **kwargs)
        assert (refused.value.code, refused.value.field) == ("too_long", field), fn
    assert ServicePost.objects.count() == 1 and not ServiceLog.objects.exists()
    assert DualRegistration.objects.get().is_active


def test_the_post_form_states_limits_and_refuses_a_long_description(client, staff, tree):
    client.force_login(staff)
    url = reverse("members:post-new")
    page = client.get(url).content.decode()
    assert "最多允许 300 个字符" in page and 'maxlength="300"' not in page
    response = client.post(url, {"community": tree.community.pk, "name": "文明劝导",
                                 "description": "述" * 301})
    assert response.status_code == 400 and response.context["form"].errors["description"]
    assert not ServicePost.objects.exists()


def test_ending_with_a_too_long_reason_says_so_and_keeps_the_registration(
        client, staff, member, tree):
    reg = services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    client.force_login(staff)
    page = client.get(reverse("members:registration-list")).content.decode()
    assert "最多允许 200 个字符" in page
    response = client.post(reverse("members:registration-end", args=[reg.pk]),
                           {"reason": "因" * 201}, follow=True)
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "200" in shown
    reg.refresh_from_db()
    assert reg.is_active


def test_the_member_log_form_says_what_is_wrong(client, member, tree):
    services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    client.force_login(member.resident.user)
    response = client.post(reverse("members:me"), {
        "what": "log", "served_on": timezone.localdate().isoformat(), "hours": "1",
        "description": "做" * 301}, follow=True)
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "300" in shown
    assert not ServiceLog.objects.exists()


def test_the_api_refuses_a_long_log_with_the_field(client, member, tree):
    services.dual_register(actor=SYSTEM, member=member, community=tree.community)
    client.force_login(member.resident.user)
    response = client.post("/api/v1/members/logs", json.dumps({
        "served_on": (timezone.localdate() - dt.timedelta(days=0)).isoformat(), "hours": 1,
        "description": "做" * 301}), content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("too_long", "description")
