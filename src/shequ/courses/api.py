"""Courses over the JSON API (/api/v1/courses/).

GET   courses                        ?kind= courses of my community / staff scope
POST  courses                        CourseIn → 201 (staff)
GET   courses/{id}                   with its sessions
PATCH courses/{id}                   {title?, kind?, description?, capacity? (null: no
                                     limit), party_only?, is_active?} (staff)
POST  courses/{id}/enrol             enrol yourself; 409 full / duplicate; 403 party_only
POST  courses/{id}/sessions          SessionIn → 201 (hours default to the length)
PATCH courses/{id}/sessions/{sid}    {title?, starts_at?, ends_at?, hours?, place?};
                                     409 attendance_recorded when time or hours move
POST  courses/{id}/sessions/{sid}/roll-call   {present: [resident id]} → {recorded}
GET   courses/{id}/learners          enrolled learners (staff)
POST  courses/{id}/learners          {resident} staff enrol a resident → 201
POST  courses/{id}/learners/{enrolment_id}/withdraw
POST  check-in/{token}               QR check-in at a session
GET   study                          ?year= my study record
GET   study/{resident_id}            ?year= a person's study record (staff in scope)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from shequ.core.freetext import limit_of
from shequ.core.params import Id, Year

from . import selectors, services
from .models import Course, CourseKind, CourseSession
from .policies import Action, course_policy

router = Router(tags=["courses"])


class SessionOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: Decimal
    place: str


class CourseOut(Schema):
    id: int
    title: str
    kind: str
    capacity: int | None
    enrolled: int
    party_only: bool
    sessions: list[SessionOut]


class EnrolmentOut(Schema):
    id: int
    course: int
    state: str


class CourseIn(Schema):
    community: int
    title: str = Field(..., max_length=limit_of(Course, "title"))
    kind: CourseKind
    description: str = Field("", max_length=limit_of(Course, "description"))
    capacity: int | None = Field(None, ge=1, le=100000)
    party_only: bool = False


class CoursePatch(Schema):
    title: str | None = Field(None, max_length=limit_of(Course, "title"))
    kind: CourseKind | None = None
    description: str | None = Field(None, max_length=limit_of(Course, "description"))
    capacity: int | None = Field(None, ge=1, le=100000, description="null: no limit")
    party_only: bool | None = None
    is_active: bool | None = None


class SessionIn(Schema):
    title: str = Field("", max_length=limit_of(CourseSession, "title"))
    starts_at: dt.datetime
    ends_at: dt.datetime
    hours: Decimal | None = Field(None, gt=0, le=24)
    place: str = Field("", max_length=limit_of(CourseSession, "place"))


class SessionPatch(Schema):
    title: str | None = Field(None, max_length=limit_of(CourseSession, "title"))
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    hours: Decimal | None = Field(None, gt=0, le=24)
    place: str | None = Field(None, max_length=limit_of(CourseSession, "place"))


class RollCallIn(Schema):
    present: list[Id]


class RecordedOut(Schema):
    recorded: int


class LearnerIn(Schema):
    resident: int


class LearnerOut(Schema):
    id: int
    resident: int
    name: str
    state: str


class AttendanceOut(Schema):
    date: dt.date
    course: str
    kind: str
    topic: str
    hours: Decimal
    method: str


class StudyOut(Schema):
    resident: int
    name: str
    year: int
    hours: Decimal
    sessions: list[AttendanceOut]


def _course(c, with_sessions=True) -> dict:
    return {"id": c.pk, "title": c.title, "kind": c.kind, "capacity": c.capacity,
            "enrolled": c.enrolled, "party_only": c.party_only,
            "sessions": selectors.sessions(c) if with_sessions else []}


@router.get("/courses", response=list[CourseOut])
def course_list(request, kind: str = ""):
    return [_course(c, False) for c in selectors.course_list(actor=request.user, kind=kind)[:200]]


@router.get("/courses/{course_id}", response=CourseOut)
def course_detail(request, course_id: int):
    return _course(selectors.course_get_for_actor(request.user, course_id))


@router.post("/courses/{course_id}/enrol", response={201: EnrolmentOut})
def enrol(request, course_id: int):
    course = selectors.course_get_for_actor(request.user, course_id)
    e = services.enrol(actor=request.user, course=course)
    return Status(201, {"id": e.pk, "course": e.course_id, "state": e.state})


def _merged(payload, row, fields) -> dict:
    """The service's full set of fields: those the PATCH sent, the stored ones otherwise."""
    sent = payload.dict(exclude_none=True)
    return {f: sent.get(f, getattr(row, f)) for f in fields}


def _managed_course(request, course_id):
    """A course the caller may run: 404 outside their view, 403 if they may only read it."""
    course = selectors.course_get_for_actor(request.user, course_id)
    course_policy.require(request.user, Action.MANAGE_COURSES, course)
    return course


def _session(s) -> dict:
    return {"id": s.pk, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at,
            "hours": s.hours, "place": s.place}


def _learner(e) -> dict:
    return {"id": e.pk, "resident": e.resident_id, "name": e.resident.name, "state": e.state}


@router.post("/courses", response={201: CourseOut})
def course_create(request, payload: CourseIn):
    from shequ.territory.selectors import area_get_for_actor
    user = request.user
    c = services.course_create(actor=user, community=area_get_for_actor(user, payload.community),
                               **payload.dict(exclude={"community"}))
    return Status(201, course_detail(request, c.pk))


@router.patch("/courses/{course_id}", response=CourseOut)
def course_update(request, course_id: int, payload: CoursePatch):
    course = selectors.course_get_for_actor(request.user, course_id)
    fields = _merged(payload, course, ("title", "kind", "description", "party_only",
                                       "is_active"))
    sent = payload.dict(exclude_unset=True)
    services.course_update(actor=request.user, course=course,
                           capacity=sent["capacity"] if "capacity" in sent else course.capacity,
                           **fields)
    return course_detail(request, course.pk)


@router.post("/courses/{course_id}/sessions", response={201: SessionOut})
def session_add(request, course_id: int, payload: SessionIn):
    course = selectors.course_get_for_actor(request.user, course_id)
    return Status(201, _session(services.session_add(actor=request.user, course=course,
                                                     **payload.dict())))


@router.patch("/courses/{course_id}/sessions/{session_id}", response=SessionOut)
def session_update(request, course_id: int, session_id: int, payload: SessionPatch):
    course = selectors.course_get_for_actor(request.user, course_id)
    session = selectors.session_get(course, session_id)
    return _session(services.session_update(
        actor=request.user, session=session,
        **_merged(payload, session, ("title", "starts_at", "ends_at", "hours", "place"))))


@router.post("/courses/{course_id}/sessions/{session_id}/roll-call", response=RecordedOut)
def session_roll_call(request, course_id: int, session_id: int, payload: RollCallIn):
    course = selectors.course_get_for_actor(request.user, course_id)
    session = selectors.session_get(course, session_id)
    return {"recorded": services.roll_call(actor=request.user, session=session,
                                           resident_ids=payload.present)}


@router.get("/courses/{course_id}/learners", response=list[LearnerOut])
def learner_list(request, course_id: int):
    course = selectors.course_get_for_actor(request.user, course_id)
    return [_learner(e) for e in selectors.enrolments(actor=request.user, course=course)[:500]]


@router.post("/courses/{course_id}/learners", response={201: LearnerOut})
def learner_enrol(request, course_id: int, payload: LearnerIn):
    course = _managed_course(request, course_id)
    resident = selectors.enrol_resident_get(actor=request.user, course=course,
                                            resident_id=payload.resident)
    return Status(201, _learner(services.enrol(actor=request.user, course=course, resident=resident)))


@router.post("/courses/{course_id}/learners/{enrolment_id}/withdraw", response=LearnerOut)
def learner_withdraw(request, course_id: int, enrolment_id: int):
    course = _managed_course(request, course_id)
    row = selectors.enrolment_get(actor=request.user, course=course, enrolment_id=enrolment_id)
    return _learner(services.withdraw(actor=request.user, enrolment=row))


@router.post("/check-in/{token}", response={201: AttendanceOut})
def check_in(request, token: str):
    a = services.session_check_in(actor=request.user, token=token)
    return Status(201, _attendance(a))


def _attendance(a) -> dict:
    return {"date": timezone.localtime(a.session_start).date(), "course": a.session.course.title,
            "kind": a.session.course.kind, "topic": a.session.title, "hours": a.hours,
            "method": a.method}


def _study(resident, year) -> dict:
    record = selectors.study_record(resident, year or timezone.localdate().year)
    return {"resident": resident.pk, "name": resident.name, "year": record["year"],
            "hours": record["hours"], "sessions": [_attendance(a) for a in record["rows"]]}


@router.get("/study", response=StudyOut)
def my_study(request, year: Year | None = None):
    return _study(selectors.study_resident(request.user), year)


@router.get("/study/{resident_id}", response=StudyOut)
def study(request, resident_id: int, year: Year | None = None):
    return _study(selectors.study_resident(request.user, resident_id), year)
