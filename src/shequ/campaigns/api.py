"""Activities and selections over the JSON API (/api/v1/campaigns/).

GET   activities                     upcoming activities (my community / staff scope)
GET   activities/{id}
POST  activities/{id}/sign-up        {role: participant|volunteer} → confirmed or waiting
POST  sign-ups/{id}/cancel           frees the place; the first waiting is promoted
POST  check-in/{token}               QR check-in at the activity
GET   selections
GET   selections/{id}                candidates; results unless hidden while voting
POST  selections/{id}/nominations    {nominee, reason}
POST  selections/{id}/votes          {nomination} → 201; 409 already_voted / no_votes_left /
                                     voting_closed; 403 out_of_scope
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from . import selectors, services
from .models import SignupRole

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
    nominee: str = Field(..., max_length=60)
    reason: str = Field(..., max_length=2000)


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


def _signup(s) -> dict:
    return {"id": s.pk, "activity": s.activity_id, "role": s.role, "state": s.state,
            "attended": s.attended}


@router.get("/activities", response=list[ActivityOut])
def activity_list(request):
    return [_activity(a) for a in selectors.activity_list(actor=request.user, upcoming=True)[:200]]


@router.get("/activities/{activity_id}", response=ActivityOut)
def activity_detail(request, activity_id: int):
    return _activity(selectors.activity_get_for_actor(request.user, activity_id))


@router.post("/activities/{activity_id}/sign-up", response={201: SignupOut})
def sign_up(request, activity_id: int, payload: SignupIn):
    activity = selectors.activity_get_for_actor(request.user, activity_id)
    return 201, _signup(services.signup_create(actor=request.user, activity=activity,
                                               role=payload.role))


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
    return 201, {"id": n.pk, "nominee": n.nominee, "reason": n.reason, "state": n.state,
                 "votes": None}


@router.post("/selections/{selection_id}/votes", response={201: VoteOut})
def vote(request, selection_id: int, payload: VoteIn):
    selection = selectors.selection_get_for_actor(request.user, selection_id)
    nomination = selectors.nomination_get(selection, payload.nomination)
    v = services.vote_cast(actor=request.user, selection=selection, nomination=nomination)
    return 201, {"id": v.pk, "nomination": v.nomination_id, "slot": v.slot}
