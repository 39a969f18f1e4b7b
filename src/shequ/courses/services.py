"""Writes for courses: create a course and its sessions, enrol (within the places; party
school courses for party members), withdraw, check in by QR, roll call."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.registry.selectors import lives_in, resident_of

from .errors import CourseErrorCode
from .models import (
    Attendance,
    AttendanceMethod,
    Course,
    CourseKind,
    CourseSession,
    Enrolment,
    EnrolmentState,
)
from .policies import Action, course_policy


@transaction.atomic
def course_create(*, actor, community, title: str, kind: str, description: str = "",
                  capacity: int | None = None, party_only: bool = False) -> Course:
    """A course of a community (party school, night school, moral lecture, job training)."""
    course_policy.require(actor, Action.MANAGE_COURSES, community)
    title, description = _course_texts(title, description)
    if kind not in CourseKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if capacity is not None and int(capacity) < 1:
        raise DomainError(_("At least one place, or leave it empty."), field="capacity")
    course = Course.objects.create(title=title, kind=kind, community=community,
                                   description=description, capacity=capacity,
                                   party_only=bool(party_only),
                                   created_by=actor if getattr(actor, "pk", None) else None,
                                   path=community.path)
    audit.record(actor=actor, action="create", entity="course", entity_id=course.pk,
                 summary=course.title)
    return course


def _course_texts(title, description) -> tuple[str, str]:
    return (clean_text(title, field="title", limit=limit_of(Course, "title"), required=True,
                       required_message=_("Title is required.")),
            clean_text(description, field="description",
                       limit=limit_of(Course, "description")))


def _session_texts(title, place, course: Course) -> tuple[str, str]:
    """A session's topic (the course's title when left empty) and place."""
    return (clean_text(title, field="title", limit=limit_of(CourseSession, "title"))
            or course.title,
            clean_text(place, field="place", limit=limit_of(CourseSession, "place")))


def _course_state(c: Course) -> dict:
    return {"title": c.title, "kind": c.kind, "description": c.description,
            "capacity": c.capacity, "party_only": c.party_only, "is_active": c.is_active}


@transaction.atomic
def course_update(*, actor, course: Course, title: str, kind: str, description: str = "",
                  capacity: int | None = None, party_only: bool = False,
                  is_active: bool = True) -> Course:
    """Change a course. Places cannot drop below the learners already enrolled; a closed
    course takes no new enrolments but keeps its record."""
    course_policy.require(actor, Action.MANAGE_COURSES, course)
    course = Course.objects.select_for_update().get(pk=course.pk)
    title, description = _course_texts(title, description)
    if kind not in CourseKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    enrolled = Enrolment.objects.filter(course=course, state=EnrolmentState.ENROLLED).count()
    if capacity is not None and int(capacity) < max(1, enrolled):
        raise DomainError(_("%(n)d learners are enrolled; keep at least that many places.")
                          % {"n": enrolled}, field="capacity")
    before = _course_state(course)
    course.title, course.kind, course.description = title, kind, description
    course.capacity, course.party_only = capacity, bool(party_only)
    course.is_active = bool(is_active)
    course.save(update_fields=list(before))
    b, a = audit.diff(before, _course_state(course))
    if a:
        audit.record(actor=actor, action="update", entity="course", entity_id=course.pk,
                     summary=course.title, before=b, after=a)
    return course


def _hours(hours, starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    """Study hours as given, or the session's length rounded to half an hour."""
    if hours in (None, ""):
        hours = round((ends_at - starts_at).total_seconds() / 1800) / 2 or 0.5
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the hours as a number."), field="hours") from None
    if not Decimal("0") < hours <= Decimal("24"):
        raise DomainError(_("Between 0.1 and 24 hours."), field="hours")
    return hours


@transaction.atomic
def session_add(*, actor, course: Course, title: str, starts_at: dt.datetime,
                ends_at: dt.datetime, hours=None, place: str = "") -> CourseSession:
    """A session; its study hours default to its length, rounded to half an hour."""
    course_policy.require(actor, Action.MANAGE_COURSES, course)
    title, place = _session_texts(title, place, course)
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    hours = _hours(hours, starts_at, ends_at)
    row = CourseSession.objects.create(course=course, title=title,
                                       starts_at=starts_at, ends_at=ends_at, hours=hours,
                                       place=place,
                                       checkin_token=secrets.token_urlsafe(16)[:22])
    audit.record(actor=actor, action="add_session", entity="course", entity_id=course.pk,
                 summary=row.title)
    return row


@transaction.atomic
def enrol(*, actor, course: Course, resident=None) -> Enrolment:
    """Enrol yourself (a resident of the course's community) or, as staff, a resident in
    scope. Party school courses take party members only; a full course refuses."""
    resident = resident or resident_of(actor)
    if resident is None:
        raise NotFound()
    if resident.user_id != getattr(actor, "pk", None):
        course_policy.require(actor, Action.MANAGE_COURSES, resident)
    elif not lives_in(resident, course.path):
        raise NotFound()
    if course.party_only and not hasattr(resident, "membership"):
        raise Forbidden(_("This course is for party members."), code=CourseErrorCode.PARTY_ONLY)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if not course.is_active:
        raise Conflict(_("This course is closed."), code=CourseErrorCode.CLOSED)
    taken = Enrolment.objects.filter(course=course, state=EnrolmentState.ENROLLED).count()
    if course.capacity is not None and taken >= course.capacity:
        raise Conflict(_("This course is full."), code=CourseErrorCode.FULL)
    row = Enrolment.objects.filter(course=course, resident=resident).first()
    if row is not None and row.state == EnrolmentState.ENROLLED:
        raise Conflict(_("Already enrolled."), code=ErrorCode.DUPLICATE)
    if row is None:
        try:
            with transaction.atomic():
                row = Enrolment.objects.create(course=course, resident=resident,
                                               path=resident.path)
        except IntegrityError as exc:
            raise Conflict(_("Already enrolled."), code=ErrorCode.DUPLICATE) from exc
    else:
        Enrolment.objects.filter(pk=row.pk).update(state=EnrolmentState.ENROLLED)
        row.state = EnrolmentState.ENROLLED
    audit.record(actor=actor, action="enrol", entity="course", entity_id=course.pk,
                 summary=resident.name)
    return row


@transaction.atomic
def withdraw(*, actor, enrolment: Enrolment) -> Enrolment:
    if enrolment.resident.user_id != getattr(actor, "pk", None):
        course_policy.require(actor, Action.MANAGE_COURSES, enrolment)
    if not Enrolment.objects.filter(pk=enrolment.pk, state=EnrolmentState.ENROLLED).update(
            state=EnrolmentState.WITHDRAWN):
        raise Conflict(_("Not enrolled."), code=CourseErrorCode.INVALID_TRANSITION)
    enrolment.state = EnrolmentState.WITHDRAWN
    audit.record(actor=actor, action="withdraw", entity="course", entity_id=enrolment.course_id)
    return enrolment


@transaction.atomic
def session_update(*, actor, session: CourseSession, title: str, starts_at: dt.datetime,
                   ends_at: dt.datetime, hours=None, place: str = "") -> CourseSession:
    """Change a session. Once attendance is recorded its time and study hours are fixed
    (they are what learners were credited with); topic and place may still change."""
    course_policy.require(actor, Action.MANAGE_COURSES, session.course)
    title, place = _session_texts(title, place, session.course)
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    hours = _hours(hours, starts_at, ends_at)
    before = {"title": session.title, "starts_at": session.starts_at,
              "ends_at": session.ends_at, "hours": session.hours, "place": session.place}
    after = {"title": title, "starts_at": starts_at,
             "ends_at": ends_at, "hours": hours, "place": place}
    moved = any(before[k] != after[k] for k in ("starts_at", "ends_at", "hours"))
    if moved and Attendance.objects.filter(session=session).exists():
        raise Conflict(_("Attendance is already recorded: the time and hours can no longer "
                         "change."), code=CourseErrorCode.ATTENDANCE_RECORDED, field="starts_at")
    CourseSession.objects.filter(pk=session.pk).update(**after)
    session.refresh_from_db()
    b, a = audit.diff(before, after)
    if a:
        audit.record(actor=actor, action="update_session", entity="course",
                     entity_id=session.course_id, summary=session.title, before=b, after=a)
    return session


def _attend(*, actor, session: CourseSession, resident, method: str) -> Attendance:
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                session=session, resident=resident, method=method, hours=session.hours,
                session_start=session.starts_at, path=resident.path,
                marked_by=user_of(actor) if method == AttendanceMethod.ROLL_CALL else None)
    except IntegrityError as exc:
        raise Conflict(_("Attendance is already recorded."), code=CourseErrorCode.ALREADY_CHECKED_IN) from exc


@transaction.atomic
def session_check_in(*, actor, token: str) -> Attendance:
    """An enrolled learner scans the session's QR code, from 30 minutes before the start
    to the end."""
    session = CourseSession.objects.select_related("course").filter(checkin_token=token).first()
    resident = resident_of(actor)
    if session is None or resident is None:
        raise NotFound()
    now = timezone.now()
    if not session.starts_at - dt.timedelta(minutes=30) <= now <= session.ends_at:
        raise Conflict(_("Check-in is not open for this session now."), code=CourseErrorCode.CHECKIN_CLOSED)
    if not Enrolment.objects.filter(course=session.course, resident=resident,
                                    state=EnrolmentState.ENROLLED).exists():
        raise Forbidden(_("Enrol in the course first."), code=CourseErrorCode.NOT_ENROLLED)
    row = _attend(actor=actor, session=session, resident=resident, method=AttendanceMethod.QR)
    audit.record(actor=actor, action="check_in", entity="course_session", entity_id=session.pk)
    return row


@transaction.atomic
def roll_call(*, actor, session: CourseSession, resident_ids: list[int]) -> int:
    """Staff record who attended (enrolled learners only; recorded ones are skipped)."""
    course_policy.require(actor, Action.MANAGE_COURSES, session.course)
    enrolled = Enrolment.objects.filter(course=session.course, state=EnrolmentState.ENROLLED,
                                        resident_id__in=resident_ids).select_related("resident")
    done = set(Attendance.objects.filter(session=session).values_list("resident_id", flat=True))
    n = 0
    for e in enrolled:
        if e.resident_id not in done:
            _attend(actor=actor, session=session, resident=e.resident,
                    method=AttendanceMethod.ROLL_CALL)
            n += 1
    audit.record(actor=actor, action="roll_call", entity="course_session",
                 entity_id=session.pk, after={"recorded": n})
    return n
