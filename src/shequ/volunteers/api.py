"""Volunteers and service work over the JSON API (/api/v1/volunteers/), limited to the
caller's scope; a resident acts on their own volunteer profile, assignments and records.

GET   skills                                the managed skill list (api_teams.py)
GET   volunteers                            ?q=&skill=&limit= (staff)
POST  volunteers                            register {resident?, skills {id: level}, availability}
GET   volunteers/me                         own profile, or 404
PATCH volunteers/{id}                       {skills?, availability?, note?, is_active?} (staff
                                            in scope, or the volunteer themselves)
GET   needs                                 ?state=&week_start= (staff) · open needs of my community
POST  needs                                 NeedIn → 201
GET   needs/{id}                            one need with its assignments
GET   needs/{id}/candidates                 ranked volunteers (staff)
POST  needs/{id}/confirm                    {volunteer} staff confirm a volunteer
POST  needs/{id}/sign-up                    the volunteer signs up
POST  needs/solve                           {week_start, area?} solve the week, store proposals
POST  assignments/{id}/respond              {accept}
POST  assignments/{id}/cancel
POST  check-in/{token}                      the volunteer checks in (QR)
POST  records/{id}/check-out
GET   records                               ?state=submitted verification queue (staff)
POST  records                               staff mark attendance {volunteer, need, from, to}
POST  records/manual                        staff enter past service {volunteer, title,
                                            check_in_at, check_out_at, reason} → 201,
                                            waiting for verification
POST  records/{id}/verify                   {minutes?} → points awarded
POST  records/{id}/reject                   {reason}

The points bank is under points/ (api_points.py); teams and projects in api_teams.py.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, NotFound
from shequ.core.freetext import limit_of
from shequ.registry.selectors import resident_get_for_actor

from . import matching, selectors, services
from .api_points import router as points_router
from .api_teams import router as teams_router
from .availability import mask_of, slots_of
from .models import RecordState, ServiceNeed, ServiceRecord, Volunteer
from .permissions import Action, resident_of

router = Router(tags=["volunteers"])
router.add_router("/points", points_router)
router.add_router("", teams_router)


class VolunteerOut(Schema):
    id: int
    resident: int
    name: str
    skills: dict[str, int]
    availability: list[tuple[int, int]]
    is_active: bool
    building: str


class VolunteerIn(Schema):
    resident: int | None = Field(None, description="staff: the resident; omit for yourself")
    skills: dict[int, int] = Field(default_factory=dict, description="skill id → level 1..3")
    availability: list[tuple[int, int]] = Field(
        default_factory=list, description="[weekday 0–6, band 0 morning/1 afternoon/2 evening]")
    note: str = Field("", max_length=limit_of(Volunteer, "note"))


class VolunteerPatch(Schema):
    skills: dict[int, int] | None = Field(None, description="replaces all: skill id → level")
    availability: list[tuple[int, int]] | None = None
    note: str | None = Field(None, max_length=limit_of(Volunteer, "note"))
    is_active: bool | None = None


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


class RecordOut(Schema):
    id: int
    volunteer: int
    name: str
    title: str
    source: str
    check_in_at: dt.datetime
    check_out_at: dt.datetime | None
    minutes: int
    state: str


class MarkIn(Schema):
    volunteer: int
    need: int
    check_in_at: dt.datetime
    check_out_at: dt.datetime


class ManualIn(Schema):
    volunteer: int
    title: str = Field(..., max_length=limit_of(ServiceRecord, "title"))
    check_in_at: dt.datetime
    check_out_at: dt.datetime
    reason: str = Field(..., max_length=limit_of(ServiceRecord, "entry_reason"))


class ManualOut(RecordOut):
    reason: str


class VerifyIn(Schema):
    minutes: int | None = Field(None, ge=1, le=720)


class RejectIn(Schema):
    reason: str = Field(..., max_length=limit_of(ServiceRecord, "note"))


class VerifyOut(RecordOut):
    points: int


def _volunteer(v) -> dict:
    return {"id": v.pk, "resident": v.resident_id, "name": v.resident.name,
            "skills": {r.skill.code: r.level for r in v.skill_rows.all()},
            "availability": slots_of(v.availability), "is_active": v.is_active,
            "building": str(v.building) if v.building_id else ""}


def _need(n) -> dict:
    return {"id": n.pk, "title": n.title, "skill": n.skill.name if n.skill_id else None,
            "starts_at": n.starts_at, "ends_at": n.ends_at, "address": n.address,
            "people_needed": n.people_needed, "taken": getattr(n, "taken", 0), "state": n.state}


def _assignment(a) -> dict:
    return {"id": a.pk, "need": a.need_id, "volunteer": a.volunteer_id,
            "name": a.volunteer.resident.name, "state": a.state, "score": round(a.score, 4)}


def _record(r) -> dict:
    return {"id": r.pk, "volunteer": r.volunteer_id, "name": r.volunteer.resident.name,
            "title": r.title, "source": r.source, "check_in_at": r.check_in_at,
            "check_out_at": r.check_out_at, "minutes": r.minutes, "state": r.state}


def _skill(pk):
    if pk is None:
        return None
    skill = selectors.skill_list().filter(pk=pk).first()
    if skill is None:
        raise DomainError(_("Choose skills from the list."), field="skill")
    return skill


def _area(actor, pk, field="community"):
    from shequ.territory.selectors import area_get_for_actor
    try:
        return area_get_for_actor(actor, pk)
    except NotFound:
        raise DomainError(_("Not found or outside your area."), code="not_found",
                          field=field) from None


@router.get("/volunteers", response=list[VolunteerOut])
def volunteer_list(request, q: str = "", skill: int | None = None,
                   limit: int = Query(settings.API_PAGE_SIZE, ge=1,
                                      le=settings.API_MAX_PAGE_SIZE)):
    rows = selectors.volunteer_list(actor=request.user,
                                    filters=selectors.VolunteerFilters(q=q, skill=skill))
    return [_volunteer(v) for v in rows[:limit]]


@router.post("/volunteers", response={201: VolunteerOut})
def volunteer_register(request, payload: VolunteerIn):
    user = request.user
    resident = (resident_get_for_actor(user, payload.resident) if payload.resident
                else resident_of(user))
    if resident is None:
        raise DomainError(_("Choose a resident."), code="required", field="resident")
    v = services.volunteer_register(actor=user, resident=resident, skills=payload.skills,
                                    availability=mask_of(payload.availability),
                                    note=payload.note)
    return Status(201, _volunteer(selectors.volunteer_get_for_actor(user, v.pk)))


@router.get("/volunteers/me", response=VolunteerOut)
def volunteer_me(request):
    v = selectors.my_volunteer(request.user)
    if v is None:
        raise NotFound()
    return _volunteer(v)


@router.patch("/volunteers/{volunteer_id}", response=VolunteerOut)
def volunteer_update(request, volunteer_id: int, payload: VolunteerPatch):
    user = request.user
    v = selectors.volunteer_get_for_actor(user, volunteer_id)
    services.volunteer_update(
        actor=user, volunteer=v, skills=payload.skills, note=payload.note,
        availability=None if payload.availability is None else mask_of(payload.availability),
        is_active=payload.is_active)
    return _volunteer(selectors.volunteer_get_for_actor(user, v.pk))


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
    community = (_area(user, payload.community) if me is None
                 else _own_community(me, payload.community))
    building = None
    if payload.building is not None and me is None:
        from shequ.territory.selectors import building_list
        building = building_list(actor=user).filter(pk=payload.building).first()
        if building is None:
            raise DomainError(_("Not found or outside your area."), code="not_found",
                              field="building")
    need = services.need_create(
        actor=user, title=payload.title, community=community, starts_at=payload.starts_at,
        ends_at=payload.ends_at, skill=_skill(payload.skill), building=building,
        address=payload.address, people_needed=payload.people_needed,
        description=payload.description, requester=me)
    return Status(201, need_detail(request, need.pk))


def _own_community(resident, community_id):
    area = selectors.home_community(resident)
    if area is None or area.pk != community_id:
        raise DomainError(_("Choose your own community."), field="community")
    return area


@router.post("/needs/solve", response=SolveOut)
def need_solve(request, payload: SolveIn):
    user = request.user
    if not user.can(Action.MANAGE_VOLUNTEERS):
        raise NotFound()
    area_path = _area(user, payload.area, "area").path if payload.area else ""
    solution = matching.solve_week(user, week_start=payload.week_start, area_path=area_path)
    stored = services.proposals_replace(actor=user, pairs=solution.pairs, needs=solution.needs)
    return {"needs": len(solution.needs), "slots": solution.slots, "filled": solution.filled,
            "unfilled": solution.unfilled, "stored": stored}


@router.get("/needs/{need_id}", response=NeedDetail)
def need_detail(request, need_id: int):
    need = selectors.need_get_for_actor(request.user, need_id)
    staff = request.user.scope_for(Action.VIEW_VOLUNTEERS).covers_path(need.path)
    rows = selectors.need_assignments(need) if staff else []
    return {**_need(need), "description": need.description,
            "assignments": [_assignment(a) for a in rows]}


@router.get("/needs/{need_id}/candidates", response=list[CandidateOut])
def need_candidates(request, need_id: int, limit: int = Query(20, ge=1, le=100)):
    user = request.user
    need = selectors.need_get_for_actor(user, need_id)
    if not user.scope_for(Action.MANAGE_VOLUNTEERS).covers_path(need.path):
        raise NotFound()
    return [c.__dict__ for c in matching.candidates(user, need, limit=limit)]


@router.post("/needs/{need_id}/confirm", response=AssignmentOut)
def need_confirm(request, need_id: int, payload: ConfirmIn):
    user = request.user
    need = selectors.need_get_for_actor(user, need_id)
    volunteer = selectors.volunteer_get_for_actor(user, payload.volunteer)
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


@router.post("/check-in/{token}", response={201: RecordOut})
def check_in(request, token: str):
    record = services.need_check_in(actor=request.user, token=token)
    return Status(201, _record(selectors.record_get_for_actor(request.user, record.pk)))


@router.post("/records/{record_id}/check-out", response=RecordOut)
def check_out(request, record_id: int):
    user = request.user
    record = services.record_check_out(actor=user,
                                       record=selectors.record_get_for_actor(user, record_id))
    return _record(record)


@router.get("/records", response=list[RecordOut])
def record_queue(request, state: RecordState = RecordState.SUBMITTED):
    rows = selectors.record_queue(actor=request.user, state=state)
    return [_record(r) for r in rows[:settings.API_MAX_PAGE_SIZE]]


@router.post("/records", response={201: RecordOut})
def record_mark(request, payload: MarkIn):
    user = request.user
    need = selectors.need_get_for_actor(user, payload.need)
    volunteer = selectors.volunteer_get_for_actor(user, payload.volunteer)
    record = services.attendance_mark(
        actor=user, volunteer=volunteer, source=f"need:{need.pk}", title=need.title,
        path=need.path, check_in_at=payload.check_in_at, check_out_at=payload.check_out_at,
        need=need)
    return Status(201, _record(record))


@router.post("/records/manual", response={201: ManualOut})
def record_enter(request, payload: ManualIn):
    user = request.user
    volunteer = selectors.volunteer_get_for_actor(user, payload.volunteer)
    record = services.record_enter(
        actor=user, volunteer=volunteer, title=payload.title,
        check_in_at=payload.check_in_at, check_out_at=payload.check_out_at,
        reason=payload.reason)
    return Status(201, {**_record(record), "reason": record.entry_reason})


@router.post("/records/{record_id}/verify", response=VerifyOut)
def record_verify(request, record_id: int, payload: VerifyIn):
    user = request.user
    record, entry = services.record_verify(
        actor=user, record=selectors.record_get_for_actor(user, record_id),
        minutes=payload.minutes)
    return {**_record(record), "points": entry.amount}


@router.post("/records/{record_id}/reject", response=RecordOut)
def record_reject(request, record_id: int, payload: RejectIn):
    user = request.user
    return _record(services.record_reject(
        actor=user, record=selectors.record_get_for_actor(user, record_id),
        reason=payload.reason))
