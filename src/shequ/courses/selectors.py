"""Reads of courses and study records. Staff read their scope; a resident reads the courses
of their community and their own study record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shequ.core.errors import NotFound

from .models import Attendance, Course, CourseSession, Enrolment, EnrolmentState
from .permissions import Action, resident_of


def _visible(actor) -> QuerySet[Course]:
    qs = Course.objects.for_actor(actor, Action.VIEW_COURSES)
    resident = resident_of(actor)
    if resident is not None:
        qs = qs | Course.objects.filter(path=".".join(resident.path.split(".")[:3]),
                                        is_active=True)
    return qs


def course_list(*, actor, kind: str = "") -> QuerySet[Course]:
    qs = _visible(actor).annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
        session_count=Count("sessions", distinct=True))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("community").order_by("-id")


def course_get_for_actor(actor, course_id) -> Course:
    row = course_list(actor=actor).filter(pk=course_id).first()
    if row is None:
        raise NotFound()
    return row


def sessions(course: Course) -> list[CourseSession]:
    return list(course.sessions.annotate(present=Count("attendances")).order_by("starts_at"))


def session_get(course: Course, session_id) -> CourseSession:
    row = course.sessions.filter(pk=session_id).first()
    if row is None:
        raise NotFound()
    return row


def session_for_token(token: str) -> CourseSession:
    row = CourseSession.objects.select_related("course").filter(checkin_token=token).first()
    if row is None:
        raise NotFound()
    return row


def enrolments(*, actor, course: Course) -> QuerySet[Enrolment]:
    if not actor.scope_for(Action.VIEW_COURSES).covers_path(course.path):
        return Enrolment.objects.none()
    return course.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("resident")


def my_enrolment(actor, course: Course) -> Enrolment | None:
    resident = resident_of(actor)
    if resident is None:
        return None
    return course.enrolments.filter(resident=resident).first()


def study_resident(actor, resident_id=None):
    """Whose study record the actor may open: their own, or a resident in their scope."""
    me = resident_of(actor)
    if resident_id is None or (me is not None and str(me.pk) == str(resident_id)):
        if me is None:
            raise NotFound()
        return me
    from shequ.registry.models import Resident
    row = Resident.objects.for_actor(actor, "view_people").filter(pk=resident_id).first()
    if row is None or not actor.scope_for(Action.VIEW_COURSES).covers_path(row.path):
        raise NotFound()
    return row


def study_record(resident, year: int) -> dict:
    """A person's study in one year: each attended session and the total hours."""
    tz = timezone.get_current_timezone()
    rows = list(Attendance.objects.filter(
        resident=resident, session_start__gte=dt.datetime(year, 1, 1, tzinfo=tz),
        session_start__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz))
        .select_related("session__course").order_by("session_start"))
    return {"year": year, "rows": rows,
            "hours": sum((r.hours for r in rows), Decimal("0")),
            "by_kind": _by_kind(rows)}


def _by_kind(rows) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for r in rows:
        label = r.session.course.get_kind_display()
        out[label] = out.get(label, Decimal("0")) + r.hours
    return out


def study_hours_by_person(*, actor, year: int, party_only: bool = False):
    """Staff: total study hours per person in the year, most first."""
    tz = timezone.get_current_timezone()
    qs = Attendance.objects.for_actor(actor, Action.VIEW_COURSES).filter(
        session_start__gte=dt.datetime(year, 1, 1, tzinfo=tz),
        session_start__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz))
    if party_only:
        qs = qs.filter(resident__membership__isnull=False)
    return (qs.values("resident_id", "resident__name").annotate(hours=Sum("hours"),
                                                                 sessions=Count("id"))
            .order_by("-hours", "resident_id"))


def communities_for(actor, action: str):
    """Communities where the actor holds ``action`` (for the new-course form)."""
    from shequ.territory.models import Area
    return Area.objects.for_actor(actor, action).filter(kind="community")
