"""The resource-sharing figures for the dashboard: bookings confirmed for the period and
the requests still waiting for an answer, scoped through the booking policy."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .models import BookingStatus
from .policies import Action, booking_policy

GROUP = _("Shared resources")


def _bookings(actor, place, period):
    qs = booking_policy.instances_for(actor, Action.VIEW_BOOKINGS).filter(
        status=BookingStatus.CONFIRMED, **period.moments("starts_at"))
    return per_child(qs, place)


def _waiting(actor, place, period):
    qs = booking_policy.instances_for(actor, Action.VIEW_BOOKINGS).filter(
        status__in=(BookingStatus.REQUESTED, BookingStatus.NEGOTIATING))
    return per_child(qs, place)


def _resources(place, period):
    return reverse("resources:resource-list")


FIGURES = [
    Figure(key="resources.bookings", label=_("Bookings"), unit=_("bookings"),
           action=Action.VIEW_BOOKINGS, compute=_bookings, drill_url=_resources, timed=True,
           group=GROUP, order=60),
    Figure(key="resources.waiting", label=_("Booking requests waiting"), unit=_("requests"),
           action=Action.VIEW_BOOKINGS, compute=_waiting, drill_url=_resources,
           group=GROUP, order=61),
]
