"""Writes of the resources app: the resource list, bookings and their decisions, pairing.
Views, the API and commands call these; other apps import them from here."""

from .bookings import booking_request, booking_series_create
from .decisions import (
    booking_accept,
    booking_cancel,
    booking_check_in,
    booking_confirm,
    booking_decline,
    booking_no_show,
    booking_propose,
    negotiations_expire,
)
from .pairing import exchange_add, pairing_create
from .resources import (
    agreement_add,
    hours_set,
    member_join,
    member_update,
    photo_add,
    resource_create,
    resource_retire,
    resource_update,
)

__all__ = [
    "agreement_add", "booking_accept", "booking_cancel", "booking_check_in", "booking_confirm",
    "booking_decline", "booking_no_show", "booking_propose", "booking_request",
    "booking_series_create", "exchange_add", "hours_set", "member_join",
    "member_update",
    "negotiations_expire", "pairing_create", "photo_add", "resource_create",
    "resource_retire", "resource_update",
]
