"""Activities and selections over the JSON API (/api/v1/campaigns/).

GET   activities                     upcoming activities (my community / staff scope)
POST  activities                     ActivityIn → 201 published for sign-up (staff)
GET   activities/{id}
PATCH activities/{id}                the same fields, each optional (while open for sign-up;
                                     added places promote the waiting list)
POST  activities/{id}/cancel         {reason}; 409 unless open for sign-up
POST  activities/{id}/attendance     {attended: [sign-up id]} roll call → {marked}
POST  activities/{id}/report         {report} the activity is then held
POST  activities/{id}/sign-up        {role: participant|volunteer} → confirmed or waiting
POST  sign-ups/{id}/cancel           frees the place; the first waiting is promoted
POST  check-in/{token}               QR check-in at the activity
GET   selections
POST  selections                     SelectionIn → 201 taking nominations (staff)
GET   selections/{id}                candidates; results unless hidden while voting
PATCH selections/{id}                the same fields, each optional; 409 once voting opened
POST  selections/{id}/nominations    {nominee, reason}
POST  selections/{id}/nominations/{nomination_id}/review   {accept, note} (staff)
POST  selections/{id}/open-voting    {opens_at, closes_at} closes nominations (staff)
POST  selections/{id}/publish        count and rank after the window closed (staff)
POST  selections/{id}/votes          {nomination} → 201; 409 already_voted / no_votes_left /
                                     voting_closed; 403 out_of_scope

A PATCH changes only the fields it sends; the rest keep their stored values.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from shequ.core.freetext import limit_of
from shequ.core.params import Id

from . import selectors, services
from .models import Activity, ActivityKind, Nomination, Selection, SelectionKind, SignupRole

router = Router(tags=["campaigns"])


class ActivityOut(Schema):
    id: int
    title: str
    kind: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    confirmed: int
    waiting: int
    state: str


class ActivityIn(Schema):
    community: int
    title: str = Field(..., max_length=limit_of(Activity, "title"))
    kind: ActivityKind
    place: str = Field("", max_length=limit_of(Activity, "place"))
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(..., ge=1, le=100000)
    volunteer_places: int = Field(0, ge=0, le=10000)
    description: str = Field("", max_length=limit_of(Activity, "description"))


class ActivityPatch(Schema):
    title: str | None = Field(None, max_length=limit_of(Activity, "title"))
    kind: ActivityKind | None = None
    place: str | None = Field(None, max_length=limit_of(Activity, "place"))
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    capacity: int | None = Field(None, ge=1, le=100000)
    volunteer_places: int | None = Field(None, ge=0, le=10000)
    description: str | None = Field(None, max_length=limit_of(Activity, "description"))


class ReasonIn(Schema):
    reason: str = Field(..., max_length=limit_of(Activity, "cancel_reason"))


class AttendanceIn(Schema):
    attended: list[Id]


class MarkedOut(Schema):
    marked: int


class ReportIn(Schema):
    report: str = Field(..., max_length=limit_of(Activity, "report"))


class SignupIn(Schema):
    role: SignupRole = SignupRole.PARTICIPANT


class SignupOut(Schema):
    id: int
    activity: int
    role: str
    state: str
    attended: bool


class CandidateOut(Schema):
    id: int
    nominee: str
    reason: str
    state: str
    votes: int | None


class SelectionOut(Schema):
    id: int
    title: str
    kind: str
    state: str
    votes_per_voter: int
    vote_opens_at: dt.datetime | None
    vote_closes_at: dt.datetime | None
    results_visible: bool
    votes_cast: int
    candidates: list[CandidateOut]


class NominationIn(Schema):
    nominee: str = Field(..., max_length=limit_of(Nomination, "nominee"))
    reason: str = Field(..., max_length=limit_of(Nomination, "reason"))


class SelectionIn(Schema):
    community: int
    title: str = Field(..., max_length=limit_of(Selection, "title"))
    kind: SelectionKind
    description: str = Field("", max_length=limit_of(Selection, "description"))
    votes_per_voter: int = Field(1, ge=1, le=20)
    winners: int = Field(1, ge=1, le=100)
    hide_results: bool = True


class SelectionPatch(Schema):
    title: str | None = Field(None, max_length=limit_of(Selection, "title"))
    kind: SelectionKind | None = None
    description: str | None = Field(None, max_length=limit_of(Selection, "description"))
    votes_per_voter: int | None = Field(None, ge=1, le=20)
    winners: int | None = Field(None, ge=1, le=100)
    hide_results: bool | None = None


class ReviewIn(Schema):
    accept: bool
    note: str = Field("", max_length=limit_of(Nomination, "review_note"))


class WindowIn(Schema):
    opens_at: dt.datetime
    closes_at: dt.datetime


class VoteIn(Schema):
    nomination: int


class VoteOut(Schema):
    id: int
    nomination: int
    slot: int


def _activity(a) -> dict:
    return {"id": a.pk, "title": a.title, "kind": a.kind, "place": a.place,
            "starts_at": a.starts_at, "ends_at": a.ends_at, "capacity": a.capacity,
            "confirmed": a.confirmed, "waiting": a.waiting, "state": a.state}


def _merged(payload, row, fields) -> dict:
    """The service's full set of fields: those the PATCH sent, the stored ones otherwise."""
    sent = payload.dict(exclude_none=True)
    return {f: sent.get(f, getattr(row, f)) for f in fields}


def _community(user, pk):
    from shequ.territory.selectors import area_get_for_actor
    return area_get_for_actor(user, pk)


ACTIVITY_FIELDS = ("title", "kind", "place", "starts_at", "ends_at", "capacity",
                   "volunteer_places", "description")
SELECTION_FIELDS = ("title", "kind", "description", "votes_per_voter", "winners",
                    "hide_results")


def _signup(s) -> dict:
    return {"id": s.pk, "activity": s.activity_id, "role": s.role, "state": s.state,
            "attended": s.attended}


@router.get("/activities", response=list[ActivityOut])
def activity_list(request):
    return [_activity(a) for a in selectors.activity_list(actor=request.user, upcoming=True)[:200]]


@router.get("/activities/{activity_id}", response=ActivityOut)
def activity_detail(request, activity_id: int):
    return _activity(selectors.activity_get_for_actor(request.user, activity_id))


@router.post("/activities", response={201: ActivityOut})
def activity_create(request, payload: ActivityIn):
    user = request.user
    fields = payload.dict(exclude={"community"})
    a = services.activity_create(actor=user, community=_community(user, payload.community),
                                 **fields)
    return Status(201, _activity(selectors.activity_get_for_actor(user, a.pk)))


@router.patch("/activities/{activity_id}", response=ActivityOut)
def activity_update(request, activity_id: int, payload: ActivityPatch):
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    services.activity_update(actor=user, activity=activity,
                             **_merged(payload, activity, ACTIVITY_FIELDS))
    return _activity(selectors.activity_get_for_actor(user, activity.pk))


@router.post("/activities/{activity_id}/cancel", response=ActivityOut)
def activity_cancel(request, activity_id: int, payload: ReasonIn):
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    services.activity_cancel(actor=user, activity=activity, reason=payload.reason)
    return _activity(selectors.activity_get_for_actor(user, activity.pk))


@router.post("/activities/{activity_id}/attendance", response=MarkedOut)
def activity_attendance(request, activity_id: int, payload: AttendanceIn):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    return {"marked": services.attendance_mark(actor=request.user, activity=activity,
                                               attended_ids=payload.attended)}


@router.post("/activities/{activity_id}/report", response=ActivityOut)
def activity_report(request, activity_id: int, payload: ReportIn):
    user = request.user
    activity = selectors.activity_get_for_actor(user, activity_id)
    services.activity_report(actor=user, activity=activity, report=payload.report)
    return _activity(selectors.activity_get_for_actor(user, activity.pk))


@router.post("/activities/{activity_id}/sign-up", response={201: SignupOut})
def sign_up(request, activity_id: int, payload: SignupIn):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    return Status(201, _signup(services.signup_create(actor=request.user, activity=activity,
                                                      role=payload.role)))


@router.post("/sign-ups/{signup_id}/cancel", response=SignupOut)
def cancel(request, signup_id: int):
    row = selectors.signup_get_for_actor(request.user, signup_id)
    services.signup_cancel(actor=request.user, signup=row)
    row.refresh_from_db()
    return _signup(row)


@router.post("/check-in/{token}", response=SignupOut)
def check_in(request, token: str):
    return _signup(services.activity_check_in(actor=request.user, token=token))


@router.get("/selections", response=list[SelectionOut])
def selection_list(request):
    return [selection_detail(request, s.pk) for s in selectors.selection_list(
        actor=request.user)[:50]]


@router.post("/selections", response={201: SelectionOut})
def selection_create(request, payload: SelectionIn):
    user = request.user
    fields = payload.dict(exclude={"community"})
    row = services.selection_create(actor=user, community=_community(user, payload.community),
                                    **fields)
    return Status(201, selection_detail(request, row.pk))


@router.patch("/selections/{selection_id}", response=SelectionOut)
def selection_update(request, selection_id: int, payload: SelectionPatch):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    services.selection_update(actor=request.user, selection=selection,
                              **_merged(payload, selection, SELECTION_FIELDS))
    return selection_detail(request, selection.pk)


@router.post("/selections/{selection_id}/nominations/{nomination_id}/review",
             response=CandidateOut)
def nomination_review(request, selection_id: int, nomination_id: int, payload: ReviewIn):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    row = selectors.nomination_get(selection, nomination_id)
    n = services.nomination_review(actor=request.user, nomination=row, accept=payload.accept,
                                   note=payload.note)
    return {"id": n.pk, "nominee": n.nominee, "reason": n.reason, "state": n.state,
            "votes": None}


@router.post("/selections/{selection_id}/open-voting", response=SelectionOut)
def selection_open_voting(request, selection_id: int, payload: WindowIn):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    services.selection_open_voting(actor=request.user, selection=selection,
                                   opens_at=payload.opens_at, closes_at=payload.closes_at)
    return selection_detail(request, selection.pk)


@router.post("/selections/{selection_id}/publish", response=SelectionOut)
def selection_publish(request, selection_id: int):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    services.selection_publish(actor=request.user, selection=selection)
    return selection_detail(request, selection.pk)


@router.get("/selections/{selection_id}", response=SelectionOut)
def selection_detail(request, selection_id: int):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    results = selectors.results(request.user, selection)
    counts = {n.pk: c for n, c in results.rows}
    return {"id": selection.pk, "title": selection.title, "kind": selection.kind,
            "state": selection.state, "votes_per_voter": selection.votes_per_voter,
            "vote_opens_at": selection.vote_opens_at, "vote_closes_at": selection.vote_closes_at,
            "results_visible": results.visible, "votes_cast": results.total,
            "candidates": [{"id": n.pk, "nominee": n.nominee, "reason": n.reason,
                            "state": n.state,
                            "votes": counts.get(n.pk, 0) if results.visible else None}
                           for n in selectors.nominations(actor=request.user,
                                                          selection=selection)]}


@router.post("/selections/{selection_id}/nominations", response={201: CandidateOut})
def nominate(request, selection_id: int, payload: NominationIn):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    n = services.nomination_submit(actor=request.user, selection=selection,
                                   nominee=payload.nominee, reason=payload.reason)
    return Status(201, {"id": n.pk, "nominee": n.nominee, "reason": n.reason, "state": n.state,
                        "votes": None})


@router.post("/selections/{selection_id}/votes", response={201: VoteOut})
def vote(request, selection_id: int, payload: VoteIn):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    nomination = selectors.nomination_get(selection, payload.nomination)
    v = services.vote_cast(actor=request.user, selection=selection, nomination=nomination)
    return Status(201, {"id": v.pk, "nomination": v.nomination_id, "slot": v.slot})
