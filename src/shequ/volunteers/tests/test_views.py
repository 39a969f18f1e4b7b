"""The pages: a volunteer signs up, checks in and out on their phone; staff see candidates
and the QR code, verify the hours; the points then show on the volunteer's page."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.volunteers import services
from shequ.volunteers.models import PointsAccount, ServiceRecord

from .conftest import person


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_register_on_the_phone_page(client, alice, skill):
    # given a resident without a volunteer profile
    client.force_login(alice.user)
    # when she registers with a skill and Monday morning
    response = client.post(reverse("volunteers:me"),
                           {f"skill_{skill.pk}": "2", "slot_0_0": "on"})
    # then she is a volunteer with that skill and availability
    assert response.status_code == 302
    v = alice.volunteer
    assert v.availability == 1 and list(v.skill_rows.values_list("level", flat=True)) == [2]
    assert "volunteers/me.html" in [t.name for t in client.get(reverse("volunteers:me")).templates]


def test_sign_up_check_in_verify_points(client, alice, volunteer, need, staff):
    client.force_login(alice.user)
    # when the volunteer signs up, checks in with the QR link and checks out
    assert client.post(reverse("volunteers:need-sign-up", args=[need.pk])).status_code == 302
    client.post(reverse("volunteers:check-in", args=[need.checkin_token]))
    record = ServiceRecord.objects.get(volunteer=volunteer)
    ServiceRecord.objects.filter(pk=record.pk).update(
        check_in_at=timezone.now() - dt.timedelta(minutes=90))
    client.post(reverse("volunteers:check-out", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == "submitted" and record.minutes == 90
    # then nothing is earned before staff verify
    assert not PointsAccount.objects.filter(resident=alice).exists()
    client.force_login(staff)
    page = client.get(reverse("volunteers:record-queue"))
    assert f'data-record="{record.pk}"' in page.content.decode()
    client.post(reverse("volunteers:record-decide", args=[record.pk, "verify"]))
    # and after verification 15 points show on her points page
    client.force_login(alice.user)
    page = client.get(reverse("volunteers:points-me")).content.decode()
    assert 'data-testid="points-balance">15<' in page


def test_need_page_shows_candidates_and_qr_to_staff_only(client, staff_client, need, alice,
                                                         volunteer, carol):
    page = staff_client.get(reverse("volunteers:need-detail", args=[need.pk])).content.decode()
    assert "<svg" in page and "王芳" in page
    client.force_login(carol.user)
    page = client.get(reverse("volunteers:need-detail", args=[need.pk])).content.decode()
    assert "<svg" not in page and "王芳" not in page


def test_residents_of_another_community_get_404(client, need, skill):
    from shequ.testing.factories import Tree
    other = Tree()
    stranger = person(other.household1, "外人")
    client.force_login(stranger.user)
    assert client.get(reverse("volunteers:need-detail", args=[need.pk])).status_code == 404


def test_staff_pages_refuse_residents(client, alice):
    client.force_login(alice.user)
    for name in ("volunteers:volunteer-list", "volunteers:need-list",
                 "volunteers:record-queue", "volunteers:points-overview"):
        assert client.get(reverse(name)).status_code == 404


def test_staff_pages_render(staff_client, need, volunteer, earn, alice, place):
    earn(alice, 2)
    services.reward_create(actor=SYSTEM, community=place.community, name="米", kind="item",
                           cost=5, stock=3)
    for name in ("volunteers:volunteer-list", "volunteers:need-list",
                 "volunteers:record-queue", "volunteers:points-overview", "volunteers:need-new"):
        assert staff_client.get(reverse(name)).status_code == 200
    page = staff_client.get(reverse("volunteers:points-overview")).content.decode()
    assert "王芳" in page  # on the leaderboard
    csv = staff_client.get(reverse("volunteers:volunteer-list") + "?format=csv")
    body = csv.content.decode("utf-8")
    assert "王芳" in body and alice.id_number_masked not in body


def test_week_solve_from_the_need_list(staff_client, need, volunteer):
    week = timezone.localtime(need.starts_at).date()
    response = staff_client.post(reverse("volunteers:need-solve"), {"week": week.isoformat()})
    assert response.status_code == 302
    assert need.assignments.filter(state="proposed", volunteer=volunteer).exists()


def test_redeem_and_transfer_pages(client, alice, bob, earn, place):
    earn(alice, 3)
    reward = services.reward_create(actor=SYSTEM, community=place.community, name="米",
                                    kind="item", cost=20, stock=1)
    client.force_login(alice.user)
    client.post(reverse("volunteers:reward-redeem", args=[reward.pk]))
    client.post(reverse("volunteers:points-transfer"), {"to": bob.pk, "amount": 5})
    assert PointsAccount.objects.get(resident=alice).balance == 5
    assert PointsAccount.objects.get(resident=bob).balance == 5
    # a second redemption is refused with a message, not an error page
    response = client.post(reverse("volunteers:reward-redeem", args=[reward.pk]), follow=True)
    assert response.status_code == 200
    assert PointsAccount.objects.get(resident=alice).balance == 5


def test_check_points_command_reports_drift(alice, earn, capsys):
    earn(alice, 1)
    call_command("check-points", "--chain")
    assert "every balance equals" in capsys.readouterr().out
    PointsAccount.objects.filter(resident=alice).update(balance=99)
    from django.core.management.base import CommandError
    with pytest.raises(CommandError):
        call_command("check-points")
    assert "drift +89" in capsys.readouterr().out
