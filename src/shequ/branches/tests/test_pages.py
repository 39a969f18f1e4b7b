"""The branch pages as staff and a party member see them, with their refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.branches import services
from shequ.branches.models import Meeting, MeetingKind
from shequ.testing import factories


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def meeting(party, staff):
    return services.meeting_create(actor=staff, branch=party.branch, kind=MeetingKind.LESSON,
                                   topic="学习党章", planned_on=timezone.localdate())


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["branch-list", "meeting-list", "meeting-new", "shortfalls",
                                  "basics", "chain"])
def test_staff_pages_open(client, staff, party, meeting, name):
    r = client_for(client, staff).get(reverse(f"branches:{name}"))
    assert r.status_code == 200


@pytest.mark.django_db
def test_the_meeting_page_shows_the_code_and_roll_call_to_staff(client, staff, party, meeting):
    r = client_for(client, staff).get(reverse("branches:meeting-detail", args=[meeting.pk]))
    assert r.status_code == 200 and b'data-testid="qr"' in r.content
    assert "赵党员".encode() in r.content  # the group's member is on the list
    r = client.get(reverse("branches:branch-detail", args=[party.branch.pk]))
    assert r.status_code == 200 and "五个基本".encode() in r.content


@pytest.mark.django_db
def test_a_future_held_date_is_refused_on_the_page(client, staff, party):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    r = client_for(client, staff).post(reverse("branches:meeting-new"), {
        "branch": party.branch.pk, "kind": "lesson", "topic": "党课",
        "planned_on": tomorrow.isoformat(), "held_on": tomorrow.isoformat()})
    assert r.status_code == 400
    assert "召开日期不能晚于今天".encode() in r.content
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_a_member_signs_in_by_the_page(client, party, meeting):
    c = client_for(client, party.me.resident.user)
    url = reverse("branches:check-in", args=[meeting.checkin_token])
    assert c.get(url).status_code == 200
    c.post(url)
    assert meeting.attendances.filter(member=party.me).exists()
    r = c.get(reverse("branches:meeting-list"))
    assert r.status_code == 200 and "学习党章".encode() in r.content


@pytest.mark.django_db
def test_a_member_of_another_branch_is_refused_on_the_page(client, party, meeting):
    c = client_for(client, party.stranger.resident.user)
    r = c.post(reverse("branches:check-in", args=[meeting.checkin_token]), follow=True)
    assert not meeting.attendances.exists()
    assert any("branch" in str(m) or "支部" in str(m) for m in r.context["messages"])
    # and does not see the meeting's page
    assert c.get(reverse("branches:meeting-detail", args=[meeting.pk])).status_code == 404


@pytest.mark.django_db
def test_a_supervisor_sees_but_does_not_edit(client, supervisor, party, meeting):
    c = client_for(client, supervisor)
    r = c.get(reverse("branches:meeting-detail", args=[meeting.pk]))
    assert r.status_code == 200 and b'data-testid="qr"' not in r.content
    r = c.post(reverse("branches:meeting-detail", args=[meeting.pk]),
               {"topic": "x", "planned_on": "2025-01-01"})
    assert r.status_code == 403
    assert c.get(reverse("branches:meeting-new")).status_code == 404


@pytest.mark.django_db
def test_a_resident_gets_no_branch_pages(client, tree, party):
    c = client_for(client, factories.user("resident", tree.community))
    for name in ("branch-list", "meeting-list", "basics", "chain", "shortfalls"):
        assert c.get(reverse(f"branches:{name}")).status_code == 404


@pytest.mark.django_db
def test_the_chain_pages(client, district_admin, street_admin, staff, tree, party):
    c = client_for(client, district_admin)
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    r = c.post(reverse("branches:item-new"), {"area": tree.district.pk, "title": "三会一课落实",
                                              "owner": "区委组织部", "due_on": due})
    assert r.status_code == 302
    from shequ.branches.models import Responsibility
    item = Responsibility.objects.get()
    c = client_for(client, street_admin)
    r = c.post(reverse("branches:item-derive", args=[item.pk]),
               {"area": tree.street.pk, "owner": "街道党工委", "due_on": due})
    assert r.status_code == 302
    r = c.get(reverse("branches:chain"))
    assert r.status_code == 200 and b'data-testid="missing"' in r.content
    # the street admin may not add evidence to the district's item
    r = c.post(reverse("branches:item-evidence", args=[item.pk]), {"note": "完成"}, follow=True)
    assert not item.evidence.exists() and list(r.context["messages"])


@pytest.mark.django_db
def test_the_district_sets_its_requirements(client, district_admin, staff, tree):
    c = client_for(client, district_admin)
    assert c.get(reverse("branches:rules")).status_code == 200
    r = c.post(reverse("branches:rules"), {"kind": "lesson", "every_months": 1, "times": 2})
    assert r.status_code == 302
    from shequ.branches.rules import rules_for
    assert rules_for(tree.district.path)["lesson"].every_months == 1
    assert client_for(client, staff).get(reverse("branches:rules")).status_code == 404
