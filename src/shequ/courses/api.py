"""Courses over the JSON API (/api/v1/courses/).

GET   courses                        ?kind= courses of my community / staff scope
GET   courses/{id}                   with its sessions
POST  courses/{id}/enrol             enrol yourself; 409 full / duplicate; 403 party_only
POST  check-in/{token}               QR check-in at a session
GET   study                          ?year= my study record
GET   study/{resident_id}            ?year= a person's study record (staff in scope)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Router, Schema

from . import selectors, services

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
    return 201, {"id": e.pk, "course": e.course_id, "state": e.state}


@router.post("/check-in/{token}", response={201: AttendanceOut})
def check_in(request, token: str):
    a = services.session_check_in(actor=request.user, token=token)
    return 201, _attendance(a)


def _attendance(a) -> dict:
    return {"date": timezone.localtime(a.session_start).date(), "course": a.session.course.title,
            "kind": a.session.course.kind, "topic": a.session.title, "hours": a.hours,
            "method": a.method}


def _study(resident, year) -> dict:
    record = selectors.study_record(resident, year or timezone.localdate().year)
    return {"resident": resident.pk, "name": resident.name, "year": record["year"],
            "hours": record["hours"], "sessions": [_attendance(a) for a in record["rows"]]}


@router.get("/study", response=StudyOut)
def my_study(request, year: int | None = None):
    return _study(selectors.study_resident(request.user), year)


@router.get("/study/{resident_id}", response=StudyOut)
def study(request, resident_id: int, year: int | None = None):
    return _study(selectors.study_resident(request.user, resident_id), year)
