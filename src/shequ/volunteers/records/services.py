"""Service records: check-in and check-out by QR token, attendance marked by staff, past
service entered by hand with a reason, and verification — the only way hours turn into
points (``points_award`` on verify)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of

from ..errors import VolunteerError
from ..needs.models import BUSY_ASSIGNMENT_STATES, Assignment, NeedState, ServiceNeed
from ..people.models import Volunteer
from ..points.services import SERVICE_RECORD, points_award
from ..policies import Action, is_self, record_policy, resident_of, user_or_none
from .models import RecordState, ServiceRecord

EARLY = dt.timedelta(hours=1)  # check-in opens this long before the start
LATE = dt.timedelta(hours=2)  # and stays open this long after the end
MAX_MINUTES = 12 * 60
MANUAL_SOURCE = "manual"
MAX_BACKDATE = dt.timedelta(days=366)  # past service entered by hand: within a year


def _minutes(start: dt.datetime, end: dt.datetime) -> int:
    return max(0, min(MAX_MINUTES, int((end - start).total_seconds() // 60)))


def _volunteer_of(actor) -> Volunteer:
    resident = resident_of(actor)
    volunteer = getattr(resident, "volunteer", None) if resident else None
    if volunteer is None or not volunteer.is_active:
        raise Forbidden(_("Register as a volunteer first."), code=VolunteerError.NOT_A_VOLUNTEER)
    return volunteer


@transaction.atomic
def need_check_in(*, actor, token: str) -> ServiceRecord:
    """The volunteer scans the need's QR code: they must be assigned (confirmed or
    accepted) and it must be around the need's time. Scanning twice is refused."""
    volunteer = _volunteer_of(actor)
    need = ServiceNeed.objects.filter(checkin_token=token).first()
    if need is None:
        raise NotFound()
    now = timezone.now()
    if need.state in (NeedState.CANCELLED, NeedState.DONE) or not (
            need.starts_at - EARLY <= now <= need.ends_at + LATE):
        raise Conflict(_("Check-in is not open for this need now."),
                       code=VolunteerError.CHECKIN_CLOSED)
    if not Assignment.objects.filter(need=need, volunteer=volunteer,
                                     state__in=BUSY_ASSIGNMENT_STATES).exists():
        raise Forbidden(_("You are not signed up for this need."),
                        code=VolunteerError.NOT_ASSIGNED)
    return _open(actor=actor, volunteer=volunteer, source=f"need:{need.pk}", title=need.title,
                 path=need.path, need=need, at=now)


def _open(*, actor, volunteer, source, title, path, at, need=None) -> ServiceRecord:
    try:
        with transaction.atomic():
            record = ServiceRecord.objects.create(
                volunteer=volunteer, source=source, title=title[:100], need=need,
                check_in_at=at, state=RecordState.CHECKED_IN, path=path)
    except IntegrityError as exc:
        raise Conflict(_("You have already checked in here."),
                       code=VolunteerError.ALREADY_CHECKED_IN) from exc
    audit.record(actor=actor, action="check_in", entity="service_record", entity_id=record.pk,
                 summary=title)
    return record


@transaction.atomic
def record_check_out(*, actor, record: ServiceRecord) -> ServiceRecord:
    """The volunteer checks out; the time now waits for a staff member to verify it."""
    if not is_self(actor, record.volunteer.resident):
        raise NotFound()
    now = timezone.now()
    minutes = _minutes(record.check_in_at, now)
    done = ServiceRecord.objects.filter(pk=record.pk, state=RecordState.CHECKED_IN).update(
        state=RecordState.SUBMITTED, check_out_at=now, minutes=minutes)
    if not done:
        raise Conflict(_("You have already checked out."),
                       code=VolunteerError.INVALID_TRANSITION)
    record.refresh_from_db()
    audit.record(actor=actor, action="check_out", entity="service_record",
                 entity_id=record.pk, summary=record.title, after={"minutes": minutes})
    return record


@transaction.atomic
def record_open(*, actor, volunteer: Volunteer, source: str, title: str, path: str,
                at: dt.datetime | None = None) -> ServiceRecord:
    """Check a volunteer in for work defined by another app (an activity, a course…);
    the caller has checked that the volunteer takes part. ``actor`` is the volunteer or
    staff in scope."""
    if not is_self(actor, volunteer.resident):
        record_policy.require(actor, Action.VERIFY_SERVICE, path)
    return _open(actor=actor, volunteer=volunteer, source=source, title=title, path=path,
                 at=at or timezone.now())


@transaction.atomic
def attendance_mark(*, actor, volunteer: Volunteer, source: str, title: str, path: str,
                    check_in_at: dt.datetime, check_out_at: dt.datetime,
                    need: ServiceNeed | None = None) -> ServiceRecord:
    """Staff mark that a volunteer served from ``check_in_at`` to ``check_out_at`` (no QR
    scan). An open check-in for the same work is completed instead of duplicated."""
    record_policy.require(actor, Action.VERIFY_SERVICE, path)
    if check_out_at <= check_in_at:
        raise DomainError(_("The end must be after the start."), field="check_out_at")
    minutes = _minutes(check_in_at, check_out_at)
    record = ServiceRecord.objects.filter(volunteer=volunteer, source=source).first()
    if record is None:
        record = ServiceRecord.objects.create(
            volunteer=volunteer, source=source, title=title[:100], need=need,
            check_in_at=check_in_at, check_out_at=check_out_at, minutes=minutes,
            state=RecordState.SUBMITTED, marked_by=user_or_none(actor), path=path)
    else:
        done = ServiceRecord.objects.filter(
            pk=record.pk, state__in=[RecordState.CHECKED_IN, RecordState.SUBMITTED]).update(
            check_in_at=check_in_at, check_out_at=check_out_at, minutes=minutes,
            state=RecordState.SUBMITTED, marked_by=user_or_none(actor))
        if not done:
            raise Conflict(_("This attendance has already been decided."),
                           code=VolunteerError.INVALID_TRANSITION)
        record.refresh_from_db()
    audit.record(actor=actor, action="mark_attendance", entity="service_record",
                 entity_id=record.pk, summary=title, after={"minutes": minutes})
    return record


@transaction.atomic
def record_enter(*, actor, volunteer: Volunteer, title: str, check_in_at: dt.datetime,
                 check_out_at: dt.datetime, reason: str) -> ServiceRecord:
    """Staff enter service a volunteer has already done without checking in (a paper sign-in
    sheet, a phone left at home), with the reason. The record waits for verification like
    every other — no points before — and the rule that nobody verifies their own hours
    holds. Refused: a volunteer outside the actor's area, a time in the future or more than
    a year ago, not between 1 minute and 12 hours, overlapping the volunteer's other
    service, or no reason."""
    record_policy.require(actor, Action.VERIFY_SERVICE, volunteer.path)
    title = clean_text(title, field="title", limit=limit_of(ServiceRecord, "title"),
                       required=True, required_message=_("Say what the work was."))
    reason = clean_text(reason, field="reason", limit=limit_of(ServiceRecord, "entry_reason"),
                        required=True,
                        required_message=_("Say why the hours are entered by hand."))
    if not volunteer.is_active:
        raise DomainError(_("This volunteer is inactive."), field="volunteer")
    now = timezone.now()
    if check_out_at > now:
        raise DomainError(_("Only service already done can be entered: the end is in the "
                            "future."), field="check_out_at")
    if check_in_at < now - MAX_BACKDATE:
        raise DomainError(_("Service more than a year ago cannot be entered."),
                          field="check_in_at")
    if check_out_at <= check_in_at:
        raise DomainError(_("The end must be after the start."), field="check_out_at")
    minutes = int((check_out_at - check_in_at).total_seconds() // 60)
    if not 1 <= minutes <= MAX_MINUTES:
        raise DomainError(_("Enter between 1 and 720 minutes."), field="check_out_at")
    # The volunteer's row lock makes two entries for the same hours, entered at once,
    # meet the overlap check one after the other (SQLite writes are serialised anyway).
    list(Volunteer.objects.select_for_update().filter(pk=volunteer.pk).values_list("pk", flat=True))
    if ServiceRecord.objects.filter(
            volunteer=volunteer, check_in_at__lt=check_out_at, check_out_at__gt=check_in_at,
    ).exclude(state=RecordState.REJECTED).exists():
        raise Conflict(_("The volunteer already has service recorded at that time."),
                       code=VolunteerError.OVERLAPPING_RECORD, field="check_in_at")
    record = ServiceRecord.objects.create(
        volunteer=volunteer, source=f"{MANUAL_SOURCE}:{uuid.uuid4().hex[:24]}", title=title,
        check_in_at=check_in_at, check_out_at=check_out_at, minutes=minutes,
        state=RecordState.SUBMITTED, marked_by=user_or_none(actor),
        entry_reason=reason, path=volunteer.path)
    audit.record(actor=actor, action="enter_by_hand", entity="service_record",
                 entity_id=record.pk, summary=title, reason=reason,
                 after={"volunteer": volunteer.pk, "check_in_at": check_in_at,
                        "minutes": minutes})
    return record


@transaction.atomic
def record_verify(*, actor, record: ServiceRecord, minutes: int | None = None):
    """A staff member in scope verifies the hours (optionally corrected) and the volunteer
    earns points at the configured rate, in the same transaction. Nobody verifies their
    own hours; a record is verified once."""
    record_policy.require(actor, Action.VERIFY_SERVICE, record)
    if is_self(actor, record.volunteer.resident):
        raise Forbidden(_("You cannot verify your own hours."), code=VolunteerError.OWN_RECORD)
    if minutes is not None:
        minutes = int(minutes)
        if not 1 <= minutes <= MAX_MINUTES:
            raise DomainError(_("Enter between 1 and 720 minutes."), field="minutes")
    changes = {"state": RecordState.VERIFIED, "verified_by": user_or_none(actor),
               "verified_at": timezone.now()}
    if minutes is not None:
        changes["minutes"] = minutes
    done = ServiceRecord.objects.filter(pk=record.pk, state=RecordState.SUBMITTED).update(
        **changes)
    if not done:
        raise Conflict(_("Only checked-out hours waiting for verification can be verified."),
                       code=VolunteerError.NOT_VERIFIABLE)
    record.refresh_from_db()
    if record.minutes <= 0:
        raise DomainError(_("There are no minutes to verify."), field="minutes")
    audit.record(actor=actor, action="verify", entity="service_record", entity_id=record.pk,
                 summary=record.title, after={"minutes": record.minutes})
    entry = points_award(actor=actor, resident=record.volunteer.resident,
                         rate_code="service_hour", source=f"{SERVICE_RECORD}:{record.pk}",
                         note=record.title)
    return record, entry


@transaction.atomic
def record_reject(*, actor, record: ServiceRecord, reason: str) -> ServiceRecord:
    """Refuse hours that were not served, with a reason; they earn nothing."""
    record_policy.require(actor, Action.VERIFY_SERVICE, record)
    reason = clean_text(reason, field="reason", limit=limit_of(ServiceRecord, "note"),
                        required=True, required_message=_("Give a reason."))
    done = ServiceRecord.objects.filter(
        pk=record.pk, state__in=[RecordState.CHECKED_IN, RecordState.SUBMITTED]).update(
        state=RecordState.REJECTED, verified_by=user_or_none(actor),
        verified_at=timezone.now(), note=reason)
    if not done:
        raise Conflict(_("This record has already been decided."),
                       code=VolunteerError.INVALID_TRANSITION)
    record.refresh_from_db()
    audit.record(actor=actor, action="reject", entity="service_record", entity_id=record.pk,
                 summary=record.title, reason=reason)
    return record
