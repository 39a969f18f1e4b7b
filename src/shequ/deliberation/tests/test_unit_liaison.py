"""A unit liaison and the 联席会议 resolutions assigned to their unit: they see those (the
menu list, the home panel, the resolution page, the API) and follow them up through the
staff's service; another unit's resolution, the meetings and the matters do not exist for
them on any door."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.core import home
from shequ.core.actors import SYSTEM
from shequ.core.errors import NotFound
from shequ.core.models import AuditEvent
from shequ.deliberation import selectors, services
from shequ.deliberation.models import ResolutionStatus
from shequ.deliberation.policies import Action, resolution_policy
from shequ.members import services as member_services
from shequ.organizations.models import Unit
from shequ.testing import factories

API = "/api/v1/deliberation"


@pytest.fixture
def joint(tree, staff, committee):
    return services.meeting_create(actor=staff, community=tree.community, kind="joint",
                                   title="大党委联席会议", starts_at=timezone.now())


@pytest.fixture
def units(tree, committee):
    return list(Unit.objects.filter(area=tree.community).order_by("id"))


@pytest.fixture
def ours(staff, joint, units):
    return services.resolution_add(actor=staff, meeting=joint, text="认领助老服务", unit=units[0],
                                   due_on=timezone.localdate() - dt.timedelta(days=1))


@pytest.fixture
def theirs(staff, joint, units):
    return services.resolution_add(actor=staff, meeting=joint, text="开放停车场", unit=units[1],
                                   due_on=timezone.localdate() + dt.timedelta(days=5))


@pytest.fixture
def liaison(tree, units):
    user = factories.user("unit_liaison", tree.community)
    member_services.liaison_add(actor=SYSTEM, user=user, unit=units[0])
    return user


def fresh(user):
    """The account as the next request loads it (nothing cached on it)."""
    return type(user).objects.get(pk=user.pk)


def test_the_liaison_sees_and_follows_up_only_their_units_resolutions(liaison, ours, theirs,
                                                                      approved):
    assert list(selectors.resolution_list(actor=liaison)) == [ours]
    assert list(selectors.resolution_list(actor=liaison, mine=True)) == [ours]
    with pytest.raises(NotFound):
        selectors.resolution_get_for_actor(liaison, theirs.pk)
    # when they report progress through the staff's service
    services.resolution_follow_up(actor=liaison, resolution=ours, status="in_progress",
                                  note="已对接三户老人")
    # then the status moved, the update names them and the audit trail has it
    ours.refresh_from_db()
    assert ours.status == ResolutionStatus.IN_PROGRESS
    assert ours.updates.get().actor == liaison
    assert AuditEvent.objects.filter(action="resolution_follow_up", entity_id=ours.pk,
                                     actor=liaison).exists()
    with pytest.raises(NotFound):  # another unit's, in the same community
        services.resolution_follow_up(actor=fresh(liaison), resolution=theirs, status="done",
                                      note="x")
    theirs.refresh_from_db()
    assert theirs.status == ResolutionStatus.OPEN and not theirs.updates.exists()
    # and the meetings and matters stay out of sight
    assert not selectors.matter_list(actor=liaison).exists()
    assert not selectors.meeting_list(actor=liaison).exists()
    with pytest.raises(NotFound):
        services.resolution_add(actor=liaison, meeting=ours.meeting, text="x", unit=ours.unit,
                                due_on=timezone.localdate())


def test_a_liaison_of_no_unit_sees_no_resolution_and_no_panel(tree, ours):
    user = factories.user("unit_liaison", tree.community)
    assert not selectors.resolution_list(actor=user).exists()
    assert not resolution_policy.can(user, Action.VIEW_MATTERS, ours)
    assert all(p["key"] != "deliberation-unit" for p in home.panels_for(user))


def test_the_liaisons_pages(client, liaison, ours, theirs):
    client.force_login(liaison)
    # the menu entry's list and the home panel name their resolution, not the other one
    page = client.get(reverse("deliberation:resolution-mine")).content.decode()
    assert "认领助老服务" in page and "开放停车场" not in page
    homepage = client.get("/").content.decode()
    assert reverse("deliberation:resolution-mine") in homepage and "认领助老服务" in homepage
    # the resolution's page carries the follow-up form; posting it records the progress
    detail = reverse("deliberation:resolution-detail", args=[ours.pk])
    assert 'data-testid="follow-up"' in client.get(detail).content.decode()
    r = client.post(reverse("deliberation:follow-up", args=[ours.pk]),
                    {"status": "done", "note": "已上门服务", "back": "page"})
    assert r.status_code == 302 and r.url == detail
    ours.refresh_from_db()
    assert ours.status == ResolutionStatus.DONE
    # an empty note is refused with a message, nothing written
    r = client.post(reverse("deliberation:follow-up", args=[ours.pk]),
                    {"status": "open", "note": "", "back": "page"}, follow=True)
    ours.refresh_from_db()
    assert ours.status == ResolutionStatus.DONE and ours.updates.count() == 1
    # every other door is a 404
    for url in (reverse("deliberation:resolution-detail", args=[theirs.pk]),
                reverse("deliberation:resolution-list"), reverse("deliberation:matter-list"),
                reverse("deliberation:meeting-detail", args=[ours.meeting_id])):
        assert client.get(url).status_code == 404, url
    r = client.post(reverse("deliberation:follow-up", args=[theirs.pk]),
                    {"status": "done", "note": "x"})
    assert r.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ResolutionStatus.OPEN


def test_staff_do_not_get_the_liaisons_list_but_keep_theirs(client, staff, ours, theirs):
    client.force_login(staff)
    assert client.get(reverse("deliberation:resolution-mine")).status_code == 404
    page = client.get(reverse("deliberation:resolution-list")).content.decode()
    assert "认领助老服务" in page and "开放停车场" in page
    assert client.get(reverse("deliberation:resolution-detail",
                              args=[theirs.pk])).status_code == 200


def test_the_liaison_through_the_api(client, liaison, ours, theirs):
    headers = factories.bearer(liaison)
    r = client.get(f"{API}/resolutions", **headers)
    assert [x["id"] for x in r.json()] == [ours.pk]
    r = client.post(f"{API}/resolutions/{ours.pk}/follow-up",
                    {"status": "in_progress", "note": "进行中"},
                    content_type="application/json", **headers)
    assert r.status_code == 200 and r.json()["status"] == "in_progress"
    r = client.post(f"{API}/resolutions/{theirs.pk}/follow-up", {"status": "done", "note": "x"},
                    content_type="application/json", **headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.post(f"{API}/resolutions/{ours.pk}/follow-up", {"status": "nope", "note": "x"},
                    content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["field"] == "status"


def test_the_liaisons_list_and_panel_do_not_grow_with_rows(client, liaison, staff, joint,
                                                           units, ours):
    client.force_login(liaison)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    url = reverse("deliberation:resolution-mine")
    before = count(url), count("/")
    for n in range(6):
        services.resolution_add(actor=staff, meeting=joint, text=f"决议{n}", unit=units[0],
                                due_on=timezone.localdate() + dt.timedelta(days=n))
    assert (count(url), count("/")) == before
