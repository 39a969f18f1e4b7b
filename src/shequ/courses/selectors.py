"""Reads of courses and study records. Staff read their scope; a resident reads the courses
of their community and their own study record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.registry.selectors import resident_of

from .models import Attendance, Course, CourseSession, Enrolment, EnrolmentState
from .policies import Action, course_policy


def _visible(actor) -> QuerySet[Course]:
    qs = Course.objects.for_actor(actor, Action.VIEW_COURSES)
    resident = resident_of(actor)
    if resident is not None:
        qs = qs | Course.objects.filter(path=".".join(resident.path.split(".")[:3]),
                                        is_active=True)
    return qs


def course_list(*, actor, kind: str = "", q: str = "", area_path: str = "",
                active: bool | None = None) -> QuerySet[Course]:
    """Courses the actor may see with their enrolled learners and sessions, newest first."""
    qs = _visible(actor).annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED),
                       distinct=True),
        session_count=Count("sessions", distinct=True))
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(title__icontains=q.strip())
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    if active is not None:
        qs = qs.filter(is_active=active)
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
    """Enrolled learners (staff in scope), with how many sessions each attended."""
    if not course_policy.can(actor, Action.VIEW_COURSES, course):
        return Enrolment.objects.none()
    attended = Attendance.objects.filter(session__course=course, resident=OuterRef(
        "resident")).values("resident").annotate(n=Count("id"), h=Sum("hours"))
    return (course.enrolments.filter(state=EnrolmentState.ENROLLED).select_related("resident")
            .annotate(attended=Subquery(attended.values("n")),
                      studied=Subquery(attended.values("h")))
            .order_by("enrolled_at", "id"))


def enrolment_get(*, actor, course: Course, enrolment_id) -> Enrolment:
    row = enrolments(actor=actor, course=course).filter(
        pk=enrolment_id if str(enrolment_id).isdigit() else 0).first()
    if row is None:
        raise NotFound()
    return row


def enrol_candidates(*, actor, course: Course, q: str) -> list:
    """Residents of the course's community the actor may enrol (MANAGE_COURSES scope),
    found by the registry's search, not yet enrolled (at most 20)."""
    from shequ.registry.models import Resident
    from shequ.registry.selectors import search_q
    cond = search_q(q)
    if cond is None:
        return []
    enrolled = course.enrolments.filter(state=EnrolmentState.ENROLLED).values("resident_id")
    return list(Resident.objects.for_actor(actor, Action.MANAGE_COURSES)
                .filter(cond, is_active=True, path__gte=course.path,
                        path__lt=course.path + "~")
                .exclude(pk__in=enrolled).select_related("household").order_by("id")[:20])


def enrol_resident_get(*, actor, course: Course, resident_id):
    """A resident the actor may enrol in ``course`` (NotFound otherwise)."""
    from shequ.registry.models import Resident
    row = (Resident.objects.for_actor(actor, Action.MANAGE_COURSES)
           .filter(pk=resident_id if str(resident_id).isdigit() else 0, path__gte=course.path,
                   path__lt=course.path + "~").first())
    if row is None:
        raise NotFound()
    return row


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
    if row is None or not course_policy.can(actor, Action.VIEW_COURSES, row):
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
