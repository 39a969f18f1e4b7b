"""Every demo login has real work on its pages after ``shequ demo``: lists that are not
empty, things waiting for that role. One test per role of the participation modules."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shequ.accounts.models import User
from shequ.demo.scales import REFERENCE_DATE
from shequ.members.models import DualRegistration, UnitLiaison
from shequ.registry.models import PartyMember

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """``shequ demo`` at its default (small) scale, loaded once for this module and rolled
    back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", "--seed", "5", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def as_demo(demo_data, client):
    def login(username):
        client.force_login(User.objects.get(username=username))
        return client
    return login


def _context(response, key):
    assert response.status_code == 200, response.status_code
    return list(response.context[key])


def test_party_member_is_in_service_unregistered_with_posts_to_pick(as_demo):
    """The demo party member works in a unit, is of working age, has not registered, and
    their 双报到 page offers posts with places left and the register button."""
    client = as_demo("party_member")
    member = PartyMember.objects.select_related("resident").get(
        resident__user__username="party_member")
    assert member.unit_id is not None
    age = (REFERENCE_DATE - member.resident.birth_date).days // 365
    assert 25 <= age <= 55
    assert not DualRegistration.objects.filter(member=member).exists()
    page = client.get(reverse("members:me"))
    posts = _context(page, "posts")
    assert posts and all(p.capacity is None or p.serving < p.capacity for p in posts)
    assert 'data-testid="dual-register"' in page.content.decode()


def test_unit_liaison_sees_their_units_members_and_report(as_demo):
    """The liaison is linked to the demo party member's unit: their unit list, the unit's
    live report (the member among its rows) and the saved monthly report are not empty."""
    client = as_demo("unit_liaison")
    member = PartyMember.objects.get(resident__user__username="party_member")
    link = UnitLiaison.objects.get(user__username="unit_liaison")
    assert link.unit_id == member.unit_id
    assert [u.pk for u in _context(client.get(reverse("members:unit-list")), "units")] == [
        member.unit_id]
    assert _context(client.get(reverse("members:unit-list")), "reports")
    month = timezone.localdate().strftime("%Y-%m")
    rows = _context(client.get(reverse("members:unit-report", args=[member.unit_id]),
                               {"month": month}), "rows")
    assert member.pk in {r["member_id"] for r in rows}


def test_community_staff_have_logs_hours_and_members_waiting(as_demo):
    """Staff of the demo community find service logs to confirm, volunteer hours to
    verify, and in-service members still to register for 双报到."""
    client = as_demo("community_staff")
    assert _context(client.get(reverse("members:overview")), "logs")
    assert _context(client.get(reverse("volunteers:record-queue")), "records")
    candidates = _context(client.get(reverse("members:registration-candidates")),
                          "candidates")
    assert candidates


@pytest.mark.parametrize("role", ["street_admin", "district_admin"])
def test_admins_see_registrations_and_hours_to_verify(as_demo, role):
    client = as_demo(role)
    assert _context(client.get(reverse("members:registration-list")), "rows")
    assert _context(client.get(reverse("volunteers:record-queue")), "records")


def test_supervisor_reads_registrations_and_posts(as_demo):
    client = as_demo("supervisor")
    page = client.get(reverse("members:overview"))
    assert _context(page, "registrations") and _context(page, "posts")


def test_grid_worker_sees_the_volunteers_and_next_weeks_needs(as_demo):
    client = as_demo("grid_worker")
    monday = timezone.localdate() + timezone.timedelta(days=7 - timezone.localdate().weekday())
    assert _context(client.get(reverse("volunteers:need-list"),
                               {"week": monday.isoformat()}), "needs")


def test_resident_can_vote_sign_up_and_enrol(as_demo):
    """The demo resident's community has a selection open for voting, an activity to sign
    up for and a course to enrol in."""
    client = as_demo("resident")
    assert _context(client.get(reverse("campaigns:selection-list")), "rows")
    assert _context(client.get(reverse("campaigns:activity-list")), "rows")
    assert _context(client.get(reverse("courses:course-list")), "courses")


def test_resident_patrols_tonight_with_past_shifts_walked(as_demo):
    """The demo resident is in their community's volunteer patrol team: a shift tonight on
    their phone page, past shifts walked and closed with hours verified, and the demo
    grid's incident filed in the stability ledger."""
    from shequ.patrols.models import Incident, Shift, ShiftState
    from shequ.volunteers.models import RecordState, ServiceRecord

    client = as_demo("resident")
    user = User.objects.get(username="resident")
    shifts = Shift.objects.filter(member__user=user)
    assert shifts.filter(date=timezone.localdate()).exists()
    page = client.get(reverse("patrols:my-shifts"))
    assert page.status_code == 200 and 'data-shift="' in page.content.decode()
    done = shifts.filter(state=ShiftState.DONE)
    if done.exists():  # the first evening of a month has no past shift yet
        assert ServiceRecord.objects.filter(source__startswith="patrol:",
                                            state=RecordState.VERIFIED).exists()
        assert Incident.objects.exclude(case=None).filter(
            case__ledger="stability").exists()


def test_shared_resources_wait_for_the_demo_logins(as_demo):
    """The resident sees the shared-resource list and their request; community staff and the
    unit liaison (owner of its unit's meeting room) each have a request to answer."""
    from shequ.resources.models import Booking, BookingStatus, Pairing

    client = as_demo("resident")
    r = client.get(reverse("resources:resource-list"))
    assert r.status_code == 200 and "党群服务中心多功能厅" in r.text
    mine = Booking.objects.get(booker__username="resident")
    assert mine.status == BookingStatus.REQUESTED
    r = as_demo("community_staff").get(reverse("resources:inbox"))
    assert f'data-booking="{mine.pk}"' in r.text
    r = as_demo("unit_liaison").get(reverse("resources:inbox"))
    waiting = Booking.objects.get(booker__username="district_admin")
    assert f'data-booking="{waiting.pk}"' in r.text
    assert Pairing.objects.exists() and Booking.objects.filter(
        status=BookingStatus.CONFIRMED, ends_at__lt=timezone.now()).exists()
