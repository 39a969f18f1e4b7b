"""The talent API's schemas and the functions that fill them (api.py has the
endpoints)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from shequ.core.params import Id

from . import selectors
from .models import PostKind, ReferralKind, ReferralState, SessionKind, WorkType


class MemberOut(Schema):
    id: int
    name: str
    kind: str
    business: str
    community: int
    joined_on: dt.date
    is_active: bool


class MemberIn(Schema):
    community: Id
    resident: Id | None = None
    unit: Id | None = None
    business: str = Field("", max_length=200)
    joined_on: dt.date | None = None


class FollowUpOut(Schema):
    id: int
    text: str
    member: int | None
    owner: int
    due: dt.date
    done_at: dt.datetime | None


class SessionOut(Schema):
    id: int
    kind: str
    title: str
    held_on: dt.date
    place: str
    notes: str
    community: int
    present: list[int] = []
    follow_ups: list[FollowUpOut] = []


class SessionIn(Schema):
    community: Id
    kind: SessionKind
    title: str = Field(..., max_length=100)
    held_on: dt.date
    place: str = Field("", max_length=200)
    notes: str = Field("", max_length=8000)


class SessionPatch(Schema):
    title: str | None = Field(None, max_length=100)
    held_on: dt.date | None = None
    place: str | None = Field(None, max_length=200)
    notes: str | None = Field(None, max_length=8000)


class AttendanceIn(Schema):
    present: list[Id]


class FollowUpIn(Schema):
    text: str = Field(..., max_length=300)
    owner: Id
    due: dt.date
    member: Id | None = None


class DemandIn(Schema):
    unit: Id
    title: str = Field(..., max_length=100)
    post_kind: PostKind
    work_type: WorkType = WorkType.FULL_TIME
    skills: list[str] = Field(default_factory=list, max_length=20)
    education: int = Field(0, ge=0, le=6)
    pay_min: int = Field(..., ge=0, le=1_000_000)
    pay_max: int = Field(..., ge=0, le=1_000_000)
    headcount: int = Field(1, ge=1, le=10_000)
    deadline: dt.date
    description: str = Field("", max_length=4000)
    lat: Decimal | None = Field(None, ge=-90, le=90)
    lng: Decimal | None = Field(None, ge=-180, le=180)


class DemandOut(Schema):
    id: int
    unit: int
    unit_name: str
    title: str
    post_kind: str
    work_type: str
    skills: list[str]
    education: int
    pay_min: int
    pay_max: int
    headcount: int
    deadline: dt.date
    state: str
    open: bool


class Parts(Schema):
    skills: float
    education: float
    distance: float
    wishes: float


class MatchOut(Schema):
    id: int = Field(..., description="the profile (candidates) or demand (posts)")
    name: str
    score: int
    parts: Parts
    km: float | None


class ProfileIn(Schema):
    skills: list[str] = Field(default_factory=list, max_length=20)
    education: int = Field(0, ge=0, le=6)
    experience_years: int = Field(0, ge=0, le=60)
    wish_kinds: list[PostKind] = []
    wish_work_types: list[WorkType] = []
    wish_max_km: int | None = Field(None, ge=1, le=200)
    wish_pay_min: int | None = Field(None, ge=0, le=1_000_000)
    available_from: dt.date | None = None
    note: str = Field("", max_length=300)
    consent: bool = False
    consent_note: str = Field("", max_length=200)


class StaffProfileIn(ProfileIn):
    resident: Id


class TrainingOut(Schema):
    course: int
    title: str
    finished: dt.date


class ProfileOut(Schema):
    id: int
    resident: int
    name: str
    phone: str = Field(..., description="masked")
    skills: list[str]
    education: int
    experience_years: int
    wish_kinds: list[str]
    wish_work_types: list[str]
    wish_max_km: int | None
    wish_pay_min: int | None
    available_from: dt.date | None
    consented: bool
    consent_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    training: list[TrainingOut] = []


class ReferIn(Schema):
    profile: Id
    kind: ReferralKind = ReferralKind.REFERRAL
    note: str = Field("", max_length=300)


class ReferralOut(Schema):
    id: int
    demand: int
    profile: int
    kind: str
    state: str
    score: int
    referred_at: dt.datetime


class StepIn(Schema):
    state: ReferralState
    note: str = Field("", max_length=300)


class ReasonIn(Schema):
    reason: str = Field("", max_length=200)


def member_out(m) -> dict:
    return {"id": m.pk, "name": m.name, "kind": "unit" if m.unit_id else "resident",
            "business": m.business, "community": m.community_id, "joined_on": m.joined_on,
            "is_active": m.is_active}


def session_out(s, full=False) -> dict:
    out = {"id": s.pk, "kind": s.kind, "title": s.title, "held_on": s.held_on, "place": s.place,
           "notes": s.notes, "community": s.community_id}
    if full:
        out["present"] = sorted(s.attendees.values_list("pk", flat=True))
        out["follow_ups"] = [{"id": f.pk, "text": f.text, "member": f.member_id,
                              "owner": f.owner_id, "due": f.due, "done_at": f.done_at}
                             for f in s.follow_ups.order_by("due", "id")]
    return out


def demand_out(d) -> dict:
    return {"id": d.pk, "unit": d.unit_id, "unit_name": d.unit.name, "title": d.title,
            "post_kind": d.post_kind, "work_type": d.work_type, "skills": d.skill_list,
            "education": d.education, "pay_min": d.pay_min, "pay_max": d.pay_max,
            "headcount": d.headcount, "deadline": d.deadline, "state": d.state,
            "open": selectors.is_open(d)}


def profile_out(p, training=False) -> dict:
    r = p.resident
    return {"id": p.pk, "resident": r.pk, "name": r.name, "phone": r.phone_masked,
            "skills": p.skill_list, "education": p.education,
            "experience_years": p.experience_years,
            "wish_kinds": [k for k in p.wish_kinds.split(",") if k],
            "wish_work_types": [k for k in p.wish_work_types.split(",") if k],
            "wish_max_km": p.wish_max_km, "wish_pay_min": p.wish_pay_min,
            "available_from": p.available_from, "consented": p.consented,
            "consent_at": p.consent_at, "withdrawn_at": p.withdrawn_at,
            "training": [{"course": t["course"].pk, "title": t["course"].title,
                          "finished": t["finished"]}
                         for t in selectors.completed_training(r)] if training else []}


def referral_out(r) -> dict:
    return {"id": r.pk, "demand": r.demand_id, "profile": r.profile_id, "kind": r.kind,
            "state": r.state, "score": r.score, "referred_at": r.referred_at}


def demand_data(payload: DemandIn) -> dict:
    data = payload.dict(exclude={"unit"})
    data["post_kind"], data["work_type"] = str(payload.post_kind), str(payload.work_type)
    return data


def profile_data(payload: ProfileIn) -> dict:
    data = payload.dict(exclude={"resident"})
    data["wish_kinds"] = [str(k) for k in payload.wish_kinds]
    data["wish_work_types"] = [str(k) for k in payload.wish_work_types]
    return data
