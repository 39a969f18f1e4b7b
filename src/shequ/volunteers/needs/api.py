"""Service needs, matching and assignments over the JSON API (/api/v1/volunteers/), limited
to the caller's scope; a resident acts on their own assignments.

GET   needs                                 ?state=&week_start= (staff) · open needs of my community
POST  needs                                 NeedIn → 201
GET   needs/{id}                            one need with its assignments
GET   needs/{id}/candidates                 ranked volunteers (staff)
POST  needs/{id}/confirm                    {volunteer} staff confirm a volunteer
POST  needs/{id}/sign-up                    the volunteer signs up
POST  needs/solve                           {week_start, area?} solve the week, store proposals
POST  assignments/{id}/respond              {accept}
POST  assignments/{id}/cancel"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.freetext import limit_of
from shequ.territory.selectors import community_of

from ..apiparams import area_or_field_error, skill_or_field_error
from ..people import selectors as people_selectors
from ..policies import Action, need_policy, resident_of
from . import matching, selectors, services
from .models import ServiceNeed

router = Router()  # tagged "volunteers" where ../api.py mounts it


class NeedIn(Schema):
    title: str = Field(..., max_length=limit_of(ServiceNeed, "title"))
    community: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    skill: int | None = None
    building: int | None = None
    address: str = Field("", max_length=limit_of(ServiceNeed, "address"))
    people_needed: int = Field(1, ge=1, le=200)
    description: str = Field("", max_length=limit_of(ServiceNeed, "description"))
    for_me: bool = Field(False, description="a resident asking for help for themselves")


class NeedOut(Schema):
    id: int
    title: str
    skill: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    address: str
    people_needed: int
    taken: int
    state: str


class AssignmentOut(Schema):
    id: int
    need: int
    volunteer: int
    name: str
    state: str
    score: float


class NeedDetail(NeedOut):
    description: str
    assignments: list[AssignmentOut]


class CandidateOut(Schema):
    volunteer_id: int
    name: str
    score: float
    level: int
    availability: float
    km: float | None
    load: int


class ConfirmIn(Schema):
    volunteer: int


class SolveIn(Schema):
    week_start: dt.date
    area: int | None = None


class SolveOut(Schema):
    needs: int
    slots: int
    filled: int
    unfilled: dict[int, int]
    stored: int


class RespondIn(Schema):
    accept: bool


def _need(n) -> dict:
    return {"id": n.pk, "title": n.title, "skill": n.skill.name if n.skill_id else None,
            "starts_at": n.starts_at, "ends_at": n.ends_at, "address": n.address,
            "people_needed": n.people_needed, "taken": getattr(n, "taken", 0), "state": n.state}


def _assignment(a) -> dict:
    return {"id": a.pk, "need": a.need_id, "volunteer": a.volunteer_id,
            "name": a.volunteer.resident.name, "state": a.state, "score": round(a.score, 4)}


@router.get("/needs", response=list[NeedOut])
def need_list(request, state: str = "", week_start: dt.date | None = None):
    user = request.user
    if not user.can(Action.VIEW_VOLUNTEERS):
        return [_need(n) for n in selectors.open_needs_for_me(user)]
    rows = selectors.need_list(actor=user, state=state, week_start=week_start)
    return [_need(n) for n in rows[:settings.API_MAX_PAGE_SIZE]]


@router.post("/needs", response={201: NeedDetail})
def need_create(request, payload: NeedIn):
    user = request.user
    me = resident_of(user) if payload.for_me else None
    community = (area_or_field_error(user, payload.community) if me is None
                 else _own_community(me, payload.community))
    building = None
    if payload.building is not None and me is None:
        from shequ.territory.selectors import building_list
        building = building_list(actor=user).filter(pk=payload.building).first()
        if building is None:
            raise DomainError(_("Not found or outside your area."), code=ErrorCode.NOT_FOUND,
                              field="building")
    need = services.need_create(
        actor=user, title=payload.title, community=community, starts_at=payload.starts_at,
        ends_at=payload.ends_at, skill=skill_or_field_error(payload.skill), building=building,
        address=payload.address, people_needed=payload.people_needed,
        description=payload.description, requester=me)
    return Status(201, need_detail(request, need.pk))


def _own_community(resident, community_id):
    area = community_of(resident.path)
    if area is None or area.pk != community_id:
        raise DomainError(_("Choose your own community."), field="community")
    return area


@router.post("/needs/solve", response=SolveOut)
def need_solve(request, payload: SolveIn):
    user = request.user
    if not user.can(Action.MANAGE_VOLUNTEERS):
        raise NotFound()
    area_path = area_or_field_error(user, payload.area, "area").path if payload.area else ""
    solution = matching.solve_week(user, week_start=payload.week_start, area_path=area_path)
    stored = services.proposals_replace(actor=user, pairs=solution.pairs, needs=solution.needs)
    return {"needs": len(solution.needs), "slots": solution.slots, "filled": solution.filled,
            "unfilled": solution.unfilled, "stored": stored}


@router.get("/needs/{need_id}", response=NeedDetail)
def need_detail(request, need_id: int):
    need = selectors.need_get_for_actor(request.user, need_id)
    staff = need_policy.can(request.user, Action.VIEW_VOLUNTEERS, need)
    rows = selectors.need_assignments(need) if staff else []
    return {**_need(need), "description": need.description,
            "assignments": [_assignment(a) for a in rows]}


@router.get("/needs/{need_id}/candidates", response=list[CandidateOut])
def need_candidates(request, need_id: int, limit: int = Query(20, ge=1, le=100)):
    user = request.user
    need = selectors.need_get_for_actor(user, need_id)
    if not need_policy.can(user, Action.MANAGE_VOLUNTEERS, need):
        raise NotFound()
    return [c.__dict__ for c in matching.candidates(user, need, limit=limit)]


@router.post("/needs/{need_id}/confirm", response=AssignmentOut)
def need_confirm(request, need_id: int, payload: ConfirmIn):
    user = request.user
    need = selectors.need_get_for_actor(user, need_id)
    volunteer = people_selectors.volunteer_get_for_actor(user, payload.volunteer)
    row = services.assignment_confirm(actor=user, need=need, volunteer=volunteer)
    return _assignment(selectors.assignment_get_for_actor(user, row.pk))


@router.post("/needs/{need_id}/sign-up", response=AssignmentOut)
def need_sign_up(request, need_id: int):
    user = request.user
    row = services.assignment_sign_up(actor=user,
                                      need=selectors.need_get_for_actor(user, need_id))
    return _assignment(selectors.assignment_get_for_actor(user, row.pk))


@router.post("/assignments/{assignment_id}/respond", response=AssignmentOut)
def assignment_respond(request, assignment_id: int, payload: RespondIn):
    user = request.user
    row = selectors.assignment_get_for_actor(user, assignment_id)
    services.assignment_respond(actor=user, assignment=row, accept=payload.accept)
    return _assignment(selectors.assignment_get_for_actor(user, assignment_id))


@router.post("/assignments/{assignment_id}/cancel", response=AssignmentOut)
def assignment_cancel(request, assignment_id: int):
    user = request.user
    row = selectors.assignment_get_for_actor(user, assignment_id)
    services.assignment_cancel(actor=user, assignment=row)
    return _assignment(selectors.assignment_get_for_actor(user, assignment_id))


