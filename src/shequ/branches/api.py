"""Party branches over the JSON API (/api/v1/branches/).

GET   branches                  ?q= the branches in scope
GET   basics                    ?below=true 五个基本 of the branches in scope, with the score
GET   meetings                  ?branch=&kind=&cursor= → {items, next_cursor} (staff; a
                                party member their own branch's)
POST  meetings                  MeetingIn → 201; 400 future_date (held_on) / not_a_branch
GET   meetings/{id}             with attendance count
PATCH meetings/{id}             {topic?, planned_on?, held_on?, place?, minutes?}
POST  meetings/{id}/roll-call   {present: [party member id]} → {recorded}; 400 not_in_branch
POST  check-in/{token}          QR sign-in → 201; 403 not_in_branch, 409 checkin_closed /
                                already_checked_in
GET   shortfalls                ?quarter=2026Q3 → branches short of a requirement
GET   chain                     ?broken=true the responsibility items with their breaks
POST  chain                     {area (district), title, owner, due_on, detail?} → 201
POST  chain/{id}/derive         {area | branch, owner, due_on, title?, detail?} → 201;
                                400 wrong_level / outside_parent / due_after_parent
POST  chain/{id}/evidence       {note} → 201; 403 for an item above the caller's place
POST  chain/{id}/close          → the item; 409 no_evidence
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.territory.selectors import area_get_for_actor

from . import selectors, services
from .models import Meeting, Responsibility
from .rules import month_index, quarter_from
from .selectors import chain as chain_selectors
from .selectors import meetings as meeting_selectors

router = Router(tags=["branches"])


class BranchOut(Schema):
    id: int
    name: str
    area: str


class BasicsOut(Schema):
    branch: int
    name: str
    street: str
    community: str
    points: dict[str, int]
    score: int
    below_standard: bool
    members: int
    meetings_met: int
    meetings_required: int


class MeetingOut(Schema):
    id: int
    branch: int
    kind: str
    topic: str
    planned_on: dt.date
    held_on: dt.date | None
    place: str
    minutes: str
    present: int


class MeetingPage(Schema):
    items: list[MeetingOut]
    next_cursor: str | None


class MeetingIn(Schema):
    branch: int
    kind: str
    topic: str = Field(..., max_length=limit_of(Meeting, "topic"))
    planned_on: dt.date
    held_on: dt.date | None = None
    place: str = Field("", max_length=limit_of(Meeting, "place"))
    minutes: str = Field("", max_length=8000)


class MeetingPatch(Schema):
    topic: str | None = Field(None, max_length=limit_of(Meeting, "topic"))
    planned_on: dt.date | None = None
    held_on: dt.date | None = None
    place: str | None = Field(None, max_length=limit_of(Meeting, "place"))
    minutes: str | None = Field(None, max_length=8000)


class RollCallIn(Schema):
    present: list[int] = Field(..., max_length=2000)


class RecordedOut(Schema):
    recorded: int


class SignedInOut(Schema):
    meeting: int
    member: int


class GapOut(Schema):
    kind: str
    period: str
    held: int
    required: int


class ShortfallOut(Schema):
    branch: int
    name: str
    street: str
    community: str
    gaps: list[GapOut]


class ItemOut(Schema):
    id: int
    parent: int | None
    level: str
    place: str
    title: str
    owner: str
    due_on: dt.date
    done_on: dt.date | None
    evidence: int


class LinkOut(ItemOut):
    overdue: bool
    no_evidence: bool
    missing: list[str]


class ItemIn(Schema):
    area: int
    title: str = Field(..., max_length=limit_of(Responsibility, "title"))
    owner: str = Field(..., max_length=limit_of(Responsibility, "owner"))
    due_on: dt.date
    detail: str = Field("", max_length=limit_of(Responsibility, "detail"))


class DeriveIn(Schema):
    area: int | None = None
    branch: int | None = None
    title: str = Field("", max_length=limit_of(Responsibility, "title"))
    owner: str = Field(..., max_length=limit_of(Responsibility, "owner"))
    due_on: dt.date
    detail: str = Field("", max_length=limit_of(Responsibility, "detail"))


class EvidenceIn(Schema):
    note: str = Field(..., max_length=200)


def _meeting(m) -> dict:
    return {"id": m.pk, "branch": m.branch_id, "kind": m.kind, "topic": m.topic,
            "planned_on": m.planned_on, "held_on": m.held_on, "place": m.place,
            "minutes": m.minutes, "present": getattr(m, "present", 0)}


def _item(i) -> dict:
    return {"id": i.pk, "parent": i.parent_id, "level": i.level,
            "place": i.branch.name if i.branch_id else i.area.name, "title": i.title,
            "owner": i.owner, "due_on": i.due_on, "done_on": i.done_on,
            "evidence": getattr(i, "evidence_count", 0)}


@router.get("/branches", response=list[BranchOut])
def branch_list(request, q: str = ""):
    return [{"id": b.pk, "name": b.name, "area": b.area.name}
            for b in selectors.branch_list(actor=request.user, q=q[:40])[:500]]


@router.get("/basics", response=list[BasicsOut])
def basics(request, below: bool = False):
    return [{"branch": b.branch.pk, "name": b.branch.name, "street": b.street,
             "community": b.community, "points": b.points, "score": b.score,
             "below_standard": b.below_standard, "members": b.members,
             "meetings_met": b.meetings_met, "meetings_required": b.meetings_required}
            for b in selectors.basics_list(actor=request.user, below_only=below)]


class MeetingQuery(Schema):
    branch: int | None = None
    kind: str = ""
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


@router.get("/meetings", response=MeetingPage)
def meeting_list(request, q: Query[MeetingQuery]):
    qs = selectors.meeting_list(actor=request.user, branch_id=q.branch, kind=q.kind[:12])
    rows, cursor = keyset_page(qs.order_by("-id"), limit=q.limit, cursor=q.cursor)
    return {"items": [_meeting(m) for m in rows], "next_cursor": cursor}


@router.post("/meetings", response={201: MeetingOut})
def meeting_create(request, payload: MeetingIn):
    branch = selectors.branch_get_for_actor(request.user, payload.branch)
    m = services.meeting_create(actor=request.user, branch=branch,
                                **payload.dict(exclude={"branch"}))
    return Status(201, _meeting(m))


@router.get("/meetings/{meeting_id}", response=MeetingOut)
def meeting_detail(request, meeting_id: int):
    return _meeting(selectors.meeting_get_for_actor(request.user, meeting_id))


@router.patch("/meetings/{meeting_id}", response=MeetingOut)
def meeting_update(request, meeting_id: int, payload: MeetingPatch):
    m = selectors.meeting_get_for_actor(request.user, meeting_id)
    sent = payload.dict(exclude_unset=True)
    fields = {f: sent[f] if f in sent else getattr(m, f)
              for f in ("topic", "planned_on", "held_on", "place", "minutes")}
    services.meeting_update(actor=request.user, meeting=m, **fields)
    return meeting_detail(request, m.pk)


@router.post("/meetings/{meeting_id}/roll-call", response=RecordedOut)
def meeting_roll_call(request, meeting_id: int, payload: RollCallIn):
    m = selectors.meeting_get_for_actor(request.user, meeting_id)
    return {"recorded": services.meeting_roll_call(actor=request.user, meeting=m,
                                                   member_ids=payload.present)}


@router.post("/check-in/{token}", response={201: SignedInOut})
def check_in(request, token: str):
    row = services.meeting_check_in(actor=request.user, token=token[:40])
    return Status(201, {"meeting": row.meeting_id, "member": row.member_id})


@router.get("/shortfalls", response=list[ShortfallOut])
def shortfalls(request, quarter: str = ""):
    meeting_selectors.require_view(request.user)
    today = timezone.localdate()
    first, last = quarter_from(quarter[:8], today)
    rows = meeting_selectors.shortfalls(actor=request.user, first=first,
                                        last=min(last, month_index(today) - 1))
    return [{"branch": r["branch"].pk, "name": r["branch"].name, "street": r["street"],
             "community": r["community"],
             "gaps": [{"kind": g.kind, "period": g.period, "held": g.held,
                       "required": g.required} for g in r["gaps"]]} for r in rows]


@router.get("/chain", response=list[LinkOut])
def chain(request, broken: bool = False):
    return [{**_item(lk.item), "overdue": lk.overdue, "no_evidence": lk.no_evidence,
             "missing": lk.missing}
            for lk in chain_selectors.chain_view(actor=request.user, broken_only=broken)]


@router.post("/chain", response={201: ItemOut})
def item_create(request, payload: ItemIn):
    area = area_get_for_actor(request.user, payload.area)
    item = services.responsibility_create(actor=request.user, area=area,
                                          **payload.dict(exclude={"area"}))
    return Status(201, _item(item))


@router.post("/chain/{item_id}/derive", response={201: ItemOut})
def item_derive(request, item_id: int, payload: DeriveIn):
    user = request.user
    parent = selectors.responsibility_get_for_actor(user, item_id)
    area = area_get_for_actor(user, payload.area) if payload.area else None
    branch = selectors.branch_get_for_actor(user, payload.branch) if payload.branch else None
    item = services.responsibility_derive(actor=user, parent=parent, area=area, branch=branch,
                                          **payload.dict(exclude={"area", "branch"}))
    return Status(201, _item(item))


@router.post("/chain/{item_id}/evidence", response={201: ItemOut})
def item_evidence(request, item_id: int, payload: EvidenceIn):
    item = selectors.responsibility_get_for_actor(request.user, item_id)
    services.evidence_add(actor=request.user, item=item, note=payload.note)
    return Status(201, _item(selectors.responsibility_get_for_actor(request.user, item_id)))


@router.post("/chain/{item_id}/close", response=ItemOut)
def item_close(request, item_id: int):
    item = selectors.responsibility_get_for_actor(request.user, item_id)
    services.responsibility_close(actor=request.user, item=item)
    return _item(selectors.responsibility_get_for_actor(request.user, item_id))
