"""The meeting endpoints of the deliberation API (mounted by ``api.py``): 议事会 and
联席会议 alike — agenda, invitees, attendance, votes, decisions, minutes, resolutions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Router, Schema, Status

from shequ.core.errors import NotFound
from shequ.core.freetext import limit_of
from shequ.core.params import Id
from shequ.registry.selectors import resident_get_for_actor
from shequ.territory.selectors import area_get_for_actor

from . import selectors, services
from .models import Meeting, MeetingKind, VoteChoice

router = Router(tags=["deliberation"])


# -- meetings ---------------------------------------------------------------------------------
class MeetingIn(Schema):
    community: Id
    kind: MeetingKind
    title: str = Field(..., max_length=limit_of(Meeting, "title"))
    starts_at: dt.datetime
    place: str = Field("", max_length=limit_of(Meeting, "place"))
    secret_ballot: bool = False
    quorum_num: int = Field(2, ge=1, le=100)
    quorum_den: int = Field(3, ge=1, le=100)


class MeetingOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: dt.datetime
    status: str
    secret_ballot: bool
    quorum: str
    present: int
    invited: int
    quorum_met: bool
    minutes: str
    items: list[dict[str, Any]]
    invitees: list[dict[str, Any]]
    resolutions: list[dict[str, Any]]


class AgendaIn(Schema):
    matter: Id | None = None
    topic: str = Field("", max_length=200)


class InviteIn(Schema):
    member: Id | None = None
    user: Id | None = None
    resident: Id | None = None


class AttendanceIn(Schema):
    present: list[Id]


class VoteIn(Schema):
    invitee: Id
    choice: VoteChoice


class MinutesIn(Schema):
    minutes: str = Field(..., max_length=limit_of(Meeting, "minutes"))


class ResolutionIn(Schema):
    text: str
    unit: Id
    due_on: dt.date


class FollowUpIn(Schema):
    status: str = Field(..., max_length=12)
    note: str = Field(..., max_length=500)


def _matter(request, matter_id):
    return selectors.matter_get_for_actor(request.user, matter_id)


def _meeting(request, meeting_id):
    return selectors.meeting_get_for_actor(request.user, meeting_id)


def _meeting_out(m) -> dict:
    rec = selectors.meeting_record(m)
    return {"id": m.pk, "kind": m.kind, "title": m.title, "starts_at": m.starts_at,
            "status": m.status, "secret_ballot": m.secret_ballot,
            "quorum": f"{m.quorum_num}/{m.quorum_den}", "present": rec["present"],
            "invited": rec["invited"], "quorum_met": rec["quorum_met"], "minutes": m.minutes,
            "items": [{"id": i.pk, "matter": i.matter_id, "topic": i.topic,
                       "votes_for": i.votes_for, "votes_against": i.votes_against,
                       "votes_abstain": i.votes_abstain, "decided": i.decided,
                       "votes": [{"invitee": v.invitee_id, "choice": v.choice}
                                 for v in i.votes.all()]} for i in rec["items"]],
            "invitees": [{"id": i.pk, "kind": i.kind, "name": i.name, "present": i.present}
                         for i in rec["invitees"]],
            "resolutions": [{"id": r.pk, "text": r.text, "unit": r.unit_id,
                             "due_on": r.due_on, "status": r.status,
                             "overdue": r.is_overdue} for r in rec["resolutions"]]}


@router.get("/meetings", response=list[MeetingOut])
def meeting_list(request, kind: str = ""):
    return [_meeting_out(m) for m in selectors.meeting_list(actor=request.user,
                                                            kind=kind[:8])[:50]]


@router.post("/meetings", response={201: MeetingOut})
def meeting_create(request, payload: MeetingIn):
    community = area_get_for_actor(request.user, payload.community)
    m = services.meeting_create(actor=request.user, community=community,
                                **payload.dict(exclude={"community"}))
    return Status(201, _meeting_out(m))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def meeting_detail(request, meeting_id: Id):
    return _meeting_out(_meeting(request, meeting_id))


@router.post("/meetings/{meeting_id}/agenda", response={201: MeetingOut})
def agenda_add(request, meeting_id: Id, payload: AgendaIn):
    meeting = _meeting(request, meeting_id)
    matter = _matter(request, payload.matter) if payload.matter else None
    services.agenda_add(actor=request.user, meeting=meeting, matter=matter, topic=payload.topic)
    return Status(201, _meeting_out(meeting))


@router.post("/meetings/{meeting_id}/invitees", response={201: MeetingOut})
def invitee_add(request, meeting_id: Id, payload: InviteIn):
    meeting = _meeting(request, meeting_id)
    who: dict = {}
    if payload.member:
        who["member"] = selectors.committee_members(meeting).filter(pk=payload.member).first()
    if payload.user:
        who["user"] = services.staff_accounts(meeting).filter(pk=payload.user).first()
    if payload.resident:
        who["resident"] = resident_get_for_actor(request.user, payload.resident)
    if any(v is None for v in who.values()):
        raise NotFound(field=next(k for k, v in who.items() if v is None))
    services.invitee_add(actor=request.user, meeting=meeting, **who)
    return Status(201, _meeting_out(meeting))


@router.post("/meetings/{meeting_id}/attendance", response=MeetingOut)
def attendance(request, meeting_id: Id, payload: AttendanceIn):
    meeting = _meeting(request, meeting_id)
    services.attendance_set(actor=request.user, meeting=meeting, present=payload.present)
    return _meeting_out(meeting)


@router.post("/meetings/{meeting_id}/items/{item_id}/votes", response={201: MeetingOut})
def vote(request, meeting_id: Id, item_id: Id, payload: VoteIn):
    meeting = _meeting(request, meeting_id)
    services.vote_cast(actor=request.user, item=selectors.agenda_item(meeting, item_id),
                       invitee=selectors.invitee_of(meeting, payload.invitee),
                       choice=payload.choice)
    return Status(201, _meeting_out(meeting))


@router.post("/meetings/{meeting_id}/items/{item_id}/decide", response=MeetingOut)
def decide(request, meeting_id: Id, item_id: Id):
    """The decision from the votes; the matter's new status is in ``GET matters/{id}``."""
    meeting = _meeting(request, meeting_id)
    services.item_decide(actor=request.user, item=selectors.agenda_item(meeting, item_id))
    return _meeting_out(meeting)


@router.post("/meetings/{meeting_id}/minutes", response=MeetingOut)
def minutes(request, meeting_id: Id, payload: MinutesIn):
    return _meeting_out(services.minutes_set(actor=request.user,
                                             meeting=_meeting(request, meeting_id),
                                             minutes=payload.minutes))


@router.post("/meetings/{meeting_id}/close", response=MeetingOut)
def close(request, meeting_id: Id):
    return _meeting_out(services.meeting_close(actor=request.user,
                                               meeting=_meeting(request, meeting_id)))


@router.post("/meetings/{meeting_id}/resolutions", response={201: MeetingOut})
def resolution_add(request, meeting_id: Id, payload: ResolutionIn):
    meeting = _meeting(request, meeting_id)
    unit = selectors.community_units(meeting).filter(pk=payload.unit).first()
    if unit is None:
        raise NotFound(field="unit")
    services.resolution_add(actor=request.user, meeting=meeting, text=payload.text, unit=unit,
                            due_on=payload.due_on)
    return Status(201, _meeting_out(meeting))


class ResolutionOut(Schema):
    id: int
    meeting: int
    text: str
    unit: int
    due_on: dt.date
    status: str
    overdue: bool


def _resolution(r) -> dict:
    return {"id": r.pk, "meeting": r.meeting_id, "text": r.text, "unit": r.unit_id,
            "due_on": r.due_on, "status": r.status, "overdue": r.is_overdue}


@router.get("/resolutions", response=list[ResolutionOut])
def resolution_list(request, overdue: bool = False):
    return [_resolution(r) for r in selectors.resolution_list(actor=request.user,
                                                              overdue=overdue)[:500]]


@router.post("/resolutions/{resolution_id}/follow-up", response=ResolutionOut)
def follow_up(request, resolution_id: Id, payload: FollowUpIn):
    r = selectors.resolution_get_for_actor(request.user, resolution_id)
    services.resolution_follow_up(actor=request.user, resolution=r, **payload.dict())
    return _resolution(selectors.resolution_get_for_actor(request.user, resolution_id))
