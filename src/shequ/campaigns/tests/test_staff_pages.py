"""Staff pages of 文明联创: edit or cancel an activity, search and download activities and
sign-up rosters, edit a selection while it takes nominations, download the results.
Refusals (wrong role, other community, invalid input, a closed stage) write nothing."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.campaigns import services
from shequ.campaigns.models import Activity, Selection, Signup
from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.territory import services as territory_services
from shequ.testing import factories
from shequ.volunteers.tests.conftest import person


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def form_data(activity, **changes):
    local = timezone.localtime
    data = {"title": activity.title, "kind": activity.kind, "place": activity.place,
            "starts_at": local(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": local(activity.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "capacity": activity.capacity, "volunteer_places": activity.volunteer_places,
            "description": activity.description}
    data.update(changes)
    return data


def test_more_places_promote_the_waiting_list(staff_client, staff, activity, alice, carol):
    services.signup_create(actor=alice.user, activity=activity)
    services.signup_create(actor=carol.user, activity=activity)
    assert Signup.objects.get(resident=carol).state == "waiting"
    url = reverse("campaigns:activity-edit", args=[activity.pk])
    response = staff_client.post(url, form_data(activity, capacity=2, place="文化广场"))
    assert response.url == reverse("campaigns:activity-detail", args=[activity.pk])
    activity.refresh_from_db()
    assert (activity.capacity, activity.place) == (2, "文化广场")
    assert Signup.objects.get(resident=carol).state == "confirmed"
    assert AuditEvent.objects.filter(entity="activity", action="update", actor=staff).exists()


def test_places_cannot_drop_below_the_confirmed(staff_client, activity, alice, bob):
    services.signup_create(actor=alice.user, activity=activity)
    url = reverse("campaigns:activity-edit", args=[activity.pk])
    response = staff_client.post(url, form_data(activity, capacity=0, title="改名"))
    assert response.status_code == 400
    end = timezone.localtime(activity.starts_at - dt.timedelta(hours=1))
    response = staff_client.post(url, form_data(activity, ends_at=end.strftime(
        "%Y-%m-%dT%H:%M"), title="改名"))
    assert response.status_code == 400
    activity.refresh_from_db()
    assert (activity.title, activity.capacity) == ("道德讲堂", 1)


def test_cancel_needs_a_reason_and_shows_it(staff_client, activity, alice):
    url = reverse("campaigns:activity-cancel", args=[activity.pk])
    staff_client.post(url, {"reason": ""})
    activity.refresh_from_db()
    assert activity.state == "published"
    staff_client.post(url, {"reason": "暴雨预警"})
    activity.refresh_from_db()
    assert (activity.state, activity.cancel_reason) == ("cancelled", "暴雨预警")
    # a cancelled activity is no longer edited
    edit = reverse("campaigns:activity-edit", args=[activity.pk])
    assert staff_client.post(edit, form_data(activity, title="改名")).status_code == 400
    from django.test import Client
    resident = Client()
    resident.force_login(alice.user)
    page = resident.get(reverse("campaigns:activity-detail", args=[activity.pk]))
    assert "暴雨预警" in page.content.decode()


@pytest.mark.parametrize("role", ["supervisor", "resident"])
def test_other_roles_cannot_edit_or_cancel(client, tree, place, activity, role):
    user = person(place.household1, "居民", role="resident").user if role == "resident" \
        else factories.user(role, tree.community)
    client.force_login(user)
    edit = reverse("campaigns:activity-edit", args=[activity.pk])
    status = client.post(edit, form_data(activity, title="改名")).status_code
    assert status == (403 if role == "supervisor" else 404)
    client.post(reverse("campaigns:activity-cancel", args=[activity.pk]), {"reason": "x"})
    roster = client.get(reverse("campaigns:signups-export", args=[activity.pk])).status_code
    assert roster == (200 if role == "supervisor" else 404)  # supervisors read, residents not
    activity.refresh_from_db()
    assert (activity.title, activity.state) == ("道德讲堂", "published")


def test_another_community_gets_404(client, activity, selection):
    other = factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    for url in (reverse("campaigns:activity-edit", args=[activity.pk]),
                reverse("campaigns:signups-export", args=[activity.pk]),
                reverse("campaigns:selection-edit", args=[selection.pk])):
        assert client.get(url).status_code == 404


def test_search_and_download_activities(staff_client, staff, place, activity):
    start = timezone.now() - dt.timedelta(days=30)
    services.activity_create(actor=staff, community=place.community, title="法律进社区",
                             kind="law", place="广场", starts_at=start,
                             ends_at=start + dt.timedelta(hours=2), capacity=50)
    url = reverse("campaigns:activity-list")
    law = Activity.objects.get(kind="law")
    page = staff_client.get(url).content.decode()
    shown = f'data-activity="{activity.pk}"', f'data-activity="{law.pk}"'
    assert shown[0] in page and shown[1] not in page  # upcoming only
    page = staff_client.get(url, {"kind": "law"}).content.decode()
    assert shown[1] in page and shown[0] not in page
    xlsx = staff_client.get(url, {"all": "1", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert [r[0] for r in rows[1:]] == ["道德讲堂", "法律进社区"]


def test_sign_up_roster_download(staff_client, activity, alice, carol):
    services.signup_create(actor=alice.user, activity=activity)
    services.signup_create(actor=carol.user, activity=activity)
    response = staff_client.get(reverse("campaigns:signups-export", args=[activity.pk]),
                                {"format": "csv"})
    body = response.content.decode("utf-8-sig")
    assert "王芳" in body and "陈梅" in body and alice.phone_masked not in body


def test_selection_rules_change_only_while_nominating(staff_client, selection, voting):
    selection, _a, _b = voting
    url = reverse("campaigns:selection-edit", args=[selection.pk])
    response = staff_client.post(url, {"title": "改", "kind": "harmonious_family",
                                       "votes_per_voter": 3, "winners": 1})
    assert response.status_code == 400
    selection.refresh_from_db()
    assert (selection.title, selection.votes_per_voter) == ("和谐家庭评选", 1)


def test_edit_a_selection(staff_client, staff, selection):
    url = reverse("campaigns:selection-edit", args=[selection.pk])
    staff_client.post(url, {"title": "2026年和谐家庭评选", "kind": "harmonious_family",
                            "votes_per_voter": 3, "winners": 5, "description": "每户三票"})
    selection.refresh_from_db()
    assert (selection.votes_per_voter, selection.winners, selection.hide_results) == (3, 5, False)
    assert staff_client.post(url, {"title": "x", "kind": "harmonious_family",
                                   "votes_per_voter": 99, "winners": 1}).status_code == 400
    assert Selection.objects.get().votes_per_voter == 3


def test_results_download_waits_for_the_window(staff_client, voting, alice):
    selection, a, _b = voting
    services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    url = reverse("campaigns:results-export", args=[selection.pk])
    assert staff_client.get(url).status_code == 302  # hidden while voting is open
    Selection.objects.filter(pk=selection.pk).update(
        vote_closes_at=timezone.now() - dt.timedelta(minutes=1))
    rows = list(load_workbook(io.BytesIO(b"".join(
        staff_client.get(url).streaming_content))).active.values)
    assert rows[1][:3] == (1, "王家", 1)


def test_sign_ups_and_votes_follow_a_building_move(activity, voting, alice):
    selection, a, _b = voting
    services.signup_create(actor=alice.user, activity=activity)
    services.vote_cast(actor=alice.user, selection=selection, nomination=a)
    tree = activity.community
    grid2 = tree.__class__.objects.get(parent=tree, name="第二网格")
    territory_services.building_move(actor=SYSTEM, building=alice.household.entrance.building,
                                     grid=grid2)
    assert Signup.objects.get(resident=alice).path == grid2.path
    assert selection.votes.get(voter=alice).path == grid2.path
    assert Activity.objects.get(pk=activity.pk).path == tree.path  # the activity stays put
