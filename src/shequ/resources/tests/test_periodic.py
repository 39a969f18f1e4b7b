"""``shequ resources_sweep`` runs from cron every 5 minutes: the first run resolves what is
due (an expired negotiation, a missed check-in), a second run changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from shequ.core.models import AuditEvent
from shequ.resources import services
from shequ.resources.models import Booking, BookingStatus
from shequ.testing import factories

from .conftest import at, make_resource

pytestmark = pytest.mark.django_db


def sweep() -> str:
    out = StringIO()
    call_command("resources_sweep", stdout=out)
    return out.getvalue()


def snapshot():
    return (sorted(Booking.objects.values_list("pk", "status", "starts_at", "ends_at")),
            AuditEvent.objects.count())


def test_the_sweep_is_idempotent(tree, room, resident, delegate, day):
    # given an owner's booking whose negotiation deadline has passed …
    earlier = services.booking_request(actor=resident, resource=room, starts_at=at(day, 9),
                                       ends_at=at(day, 11))
    services.booking_confirm(actor=delegate, booking=earlier)
    owner = services.booking_request(actor=delegate, resource=room, starts_at=at(day, 10),
                                     ends_at=at(day, 12), unit=room.owner_unit)
    type(owner.negotiation).objects.filter(pk=owner.negotiation.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    # … and a confirmed check-in booking that ended without a check-in
    table = make_resource(tree.community, name="乒乓球台", kind="equipment",
                          requires_checkin=True)
    staff = factories.user("community_staff", tree.community)
    missed = services.booking_request(actor=resident, resource=table, starts_at=at(day, 14),
                                      ends_at=at(day, 15))
    services.booking_confirm(actor=staff, booking=missed)
    Booking.objects.filter(pk=missed.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2),
                                                ends_at=timezone.now() - dt.timedelta(hours=1))
    # when cron runs the sweep twice
    assert sweep().strip() == "negotiations resolved: 1, no-shows: 1"
    after_first = snapshot()
    assert sweep().strip() == "negotiations resolved: 0, no-shows: 0"
    # then the second run changed nothing
    assert snapshot() == after_first
    assert Booking.objects.get(pk=owner.pk).status == BookingStatus.CONFIRMED
    assert Booking.objects.get(pk=missed.pk).status == BookingStatus.NO_SHOW
