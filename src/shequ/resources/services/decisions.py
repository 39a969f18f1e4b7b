"""What happens to a booking after it is made: the owner confirms, declines or proposes
another time; the other side accepts; either side cancels with a reason; staff record a
no-show; the booker checks in by QR. An owner's booking waiting on an earlier confirmed
request is confirmed when that booker accepts, or when the deadline passes
(``negotiations_expire``, run by ``shequ resources_sweep``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import SYSTEM, is_system, user_of
from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.core.freetext import clean_text
from shequ.core.retry import retry_when_locked

from ..errors import ResourceErrorCode
from ..models import (
    LIVE,
    Booking,
    BookingStatus,
    Negotiation,
    NegotiationMessage,
    NegotiationState,
)
from ..policies import may_decide
from . import rules
from .bookings import lock, save_confirmed, slot_taken, taken_by


def _refuse(message: str) -> Conflict:
    return Conflict(message, code=ResourceErrorCode.INVALID_TRANSITION)


def _is_booker(actor, booking: Booking) -> bool:
    return getattr(actor, "pk", None) == booking.booker_id


def _require_party(actor, booking: Booking, negotiation: Negotiation | None = None) -> None:
    """The booker, the owner's side, or (in a priority negotiation) the displaced booker."""
    displaced = negotiation.displaces if negotiation else None
    if not (is_system(actor) or _is_booker(actor, booking) or may_decide(actor, booking)
            or (displaced is not None and _is_booker(actor, displaced))):
        raise NotFound()


def _audit(actor, action, booking, **kw):
    audit.record(actor=actor, action=action, entity="booking", entity_id=booking.pk,
                 summary=f"{booking.resource.name} {rules.local(booking.starts_at):%m-%d %H:%M}",
                 after={"status": booking.status}, **kw)


def _confirm(actor, booking: Booking, fields=("status", "decided_by")) -> None:
    other = taken_by(booking.resource, booking.starts_at, booking.ends_at,
                     exclude=booking.pk).first()
    if other is not None:
        raise slot_taken(other)
    booking.status, booking.decided_by = BookingStatus.CONFIRMED, user_of(actor)
    save_confirmed(booking, list(fields))


def _close(booking: Booking, state=NegotiationState.CLOSED) -> None:
    Negotiation.objects.filter(booking=booking, state=NegotiationState.OPEN).update(state=state)


@retry_when_locked
@transaction.atomic
def booking_confirm(*, actor, booking: Booking) -> Booking:
    """The owner confirms a request; a confirmed booking in the way is a 409 naming it."""
    booking = lock(booking)
    if not may_decide(actor, booking):
        raise NotFound()
    if booking.status != BookingStatus.REQUESTED:
        raise _refuse(_("Only a request can be confirmed."))
    if booking.ends_at <= timezone.now():
        raise DomainError(_("This time is in the past."), code=ResourceErrorCode.IN_PAST)
    _confirm(actor, booking)
    _close(booking)
    _audit(actor, "confirm", booking)
    return booking


@retry_when_locked
@transaction.atomic
def booking_decline(*, actor, booking: Booking, reason: str) -> Booking:
    booking = lock(booking)
    if not may_decide(actor, booking):
        raise NotFound()
    reason = clean_text(reason, field="reason", model=Booking, required=True)
    if booking.status not in (BookingStatus.REQUESTED, BookingStatus.NEGOTIATING):
        raise _refuse(_("Only a request can be declined."))
    booking.status, booking.reason, booking.decided_by = (BookingStatus.DECLINED, reason,
                                                          user_of(actor))
    booking.save(update_fields=["status", "reason", "decided_by"])
    _close(booking)
    _audit(actor, "decline", booking, reason=reason)
    return booking


def _thread(booking: Booking) -> Negotiation:
    row, _created = Negotiation.objects.get_or_create(booking=booking)
    if row.state != NegotiationState.OPEN:
        row.state = NegotiationState.OPEN
        row.save(update_fields=["state"])
    return row


@retry_when_locked
@transaction.atomic
def booking_propose(*, actor, booking: Booking, message: str = "",
                    starts_at: dt.datetime | None = None, ends_at: dt.datetime | None = None
                    ) -> NegotiationMessage:
    """A message in the booking's negotiation thread, optionally proposing another slot
    (which must itself be bookable); the other side may accept the latest proposal."""
    booking = lock(booking)
    negotiation = Negotiation.objects.filter(booking=booking).select_related("displaces").first()
    _require_party(actor, booking, negotiation)
    if booking.status not in (BookingStatus.REQUESTED, BookingStatus.NEGOTIATING):
        raise _refuse(_("This booking is no longer open to negotiation."))
    text = clean_text(message, field="message", model=NegotiationMessage, model_field="text")
    if (starts_at is None) != (ends_at is None):
        raise DomainError(_("Give both the start and the end."), field="ends_at")
    if starts_at is None and not text:
        raise DomainError(_("Write a message or propose a time."), field="message")
    if starts_at is not None:
        rules.check_time(booking.resource, starts_at, ends_at)
        other = taken_by(booking.resource, starts_at, ends_at).first()
        if other is not None:
            raise slot_taken(other)
    negotiation = _thread(booking)
    if booking.status == BookingStatus.REQUESTED:
        booking.status = BookingStatus.NEGOTIATING
        booking.save(update_fields=["status"])
    row = NegotiationMessage.objects.create(negotiation=negotiation, author=user_of(actor),
                                            text=text, proposed_start=starts_at,
                                            proposed_end=ends_at)
    _audit(actor, "propose", booking)
    return row


@retry_when_locked
@transaction.atomic
def booking_accept(*, actor, booking: Booking) -> Booking:
    """Accept the other side's latest proposed slot (the booking moves there and is
    confirmed) or, as the booker an owner's booking displaces, give way: the earlier
    booking is cancelled and the owner's confirmed, in one transaction."""
    booking = lock(booking)
    negotiation = (Negotiation.objects.select_for_update(of=("self",))
                   .filter(booking=booking, state=NegotiationState.OPEN)
                   .select_related("displaces").first())
    _require_party(actor, booking, negotiation)
    if negotiation is None or booking.status != BookingStatus.NEGOTIATING:
        raise _refuse(_("There is nothing to accept."))
    displaced = negotiation.displaces
    proposal = (negotiation.messages.filter(proposed_start__isnull=False)
                .order_by("-at", "-id").first())
    if displaced is not None and (is_system(actor) or _is_booker(actor, displaced)):
        reason = (_("The owner's booking took the slot when the deadline passed.")
                  if is_system(actor) else _("Gave way to the owner's booking."))
        Booking.objects.filter(pk=displaced.pk, status__in=LIVE).update(
            status=BookingStatus.CANCELLED, reason=reason[:200])
        _confirm(actor, booking)
    elif proposal is not None and proposal.author_id != getattr(actor, "pk", None):
        booking.starts_at, booking.ends_at = proposal.proposed_start, proposal.proposed_end
        _confirm(actor, booking, ("status", "decided_by", "starts_at", "ends_at"))
    else:
        raise Conflict(_("There is no proposal from the other side to accept."),
                       code=ResourceErrorCode.NO_PROPOSAL)
    negotiation.state = NegotiationState.ACCEPTED
    negotiation.save(update_fields=["state"])
    _audit(actor, "accept", booking)
    return booking


@retry_when_locked
@transaction.atomic
def booking_cancel(*, actor, booking: Booking, reason: str) -> Booking:
    """The booker or the owner cancels a live booking, with a reason. An owner's booking
    waiting on this one is then confirmed."""
    booking = lock(booking)
    if not (_is_booker(actor, booking) or may_decide(actor, booking) or is_system(actor)):
        raise NotFound()
    reason = clean_text(reason, field="reason", model=Booking, required=True)
    if booking.status not in LIVE:
        raise _refuse(_("This booking is not live."))
    booking.status, booking.reason = BookingStatus.CANCELLED, reason
    booking.save(update_fields=["status", "reason"])
    _close(booking)
    _audit(actor, "cancel", booking, reason=reason)
    for waiting in Negotiation.objects.filter(displaces=booking, state=NegotiationState.OPEN):
        booking_accept(actor=SYSTEM, booking=waiting.booking)
    return booking


@retry_when_locked
@transaction.atomic
def booking_no_show(*, actor, booking: Booking) -> Booking:
    """Staff or the owner record that a confirmed booking was not used."""
    booking = lock(booking)
    if not may_decide(actor, booking):
        raise NotFound()
    if booking.status != BookingStatus.CONFIRMED or booking.starts_at > timezone.now():
        raise _refuse(_("Only a confirmed booking that has begun can be a no-show."))
    booking.status = BookingStatus.NO_SHOW
    booking.save(update_fields=["status"])
    _audit(actor, "no_show", booking)
    return booking


@transaction.atomic
def booking_check_in(*, actor, token: str) -> Booking:
    """The booker scans the resource's QR code from 15 minutes before the start to the end."""
    booking = Booking.objects.select_related("resource").filter(checkin_token=token).first()
    if booking is None or not _is_booker(actor, booking):
        raise NotFound()
    now = timezone.now()
    if booking.status != BookingStatus.CONFIRMED or not (
            booking.starts_at - dt.timedelta(minutes=15) <= now <= booking.ends_at):
        raise _refuse(_("Check-in is not open for this booking now."))
    Booking.objects.filter(pk=booking.pk, checked_in_at__isnull=True).update(checked_in_at=now)
    _audit(actor, "check_in", booking)
    return booking


def negotiations_expire(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Owner's bookings whose deadline passed take their slot; confirmed bookings of
    check-in resources that ended without a check-in become no-shows."""
    now = now or timezone.now()
    done = 0
    due = Negotiation.objects.filter(state=NegotiationState.OPEN, displaces__isnull=False,
                                     deadline__lte=now).select_related("booking")
    for negotiation in due:
        with transaction.atomic():
            try:
                booking_accept(actor=SYSTEM, booking=negotiation.booking)
            except Conflict:
                Negotiation.objects.filter(pk=negotiation.pk).update(
                    state=NegotiationState.EXPIRED)
            else:
                Negotiation.objects.filter(pk=negotiation.pk).update(
                    state=NegotiationState.EXPIRED)
                audit.record(actor=SYSTEM, action="negotiation_expired", entity="booking",
                             entity_id=negotiation.booking_id)
                done += 1
    with transaction.atomic():
        missed = Booking.objects.filter(status=BookingStatus.CONFIRMED, ends_at__lte=now,
                                        checked_in_at__isnull=True,
                                        resource__requires_checkin=True)
        ids = list(missed.values_list("pk", flat=True)[:5000])
        Booking.objects.filter(pk__in=ids).update(status=BookingStatus.NO_SHOW)
        if ids:
            audit.record(actor=SYSTEM, action="no_show", entity="booking", entity_id=ids[0],
                         summary=f"{len(ids)} missed check-in(s)", after={"ids": ids[:50]})
    return {"negotiations": done, "no_shows": len(ids)}
