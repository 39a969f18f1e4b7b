"""要事联商 over the JSON API (/api/v1/deliberation/). Refusals are ``{"code", "message",
"field"}`` with a 4xx: ``not_reviewed``, ``no_quorum``, ``no_majority``, ``already_voted``
(409), ``progress_range``, ``parent_progress``, ``private_field``…

GET   matters                          ?status= &kind= &cursor= matters in scope (keyset)
POST  matters                          MatterIn → 201 (a draft, or proposed with submit)
GET   matters/{id}                     with history and tasks
POST  matters/{id}/submit|execute|complete   {note?}
POST  matters/{id}/review              {approve, note}
POST  matters/{id}/disclosure          {field, state}
POST  matters/{id}/tasks               TaskIn → 201
POST  tasks/{id}/progress              {progress, note?} (a leaf; 0–100)
GET   meetings                         meetings in scope
POST  meetings                         MeetingIn → 201
GET   meetings/{id}                    agenda with tallies, invitees, votes (named only)
POST  meetings/{id}/agenda             {matter} or {topic}
POST  meetings/{id}/invitees           {member} | {user} | {resident}
POST  meetings/{id}/attendance         {present: [invitee id]}
POST  meetings/{id}/items/{item}/votes {invitee, choice}
POST  meetings/{id}/items/{item}/decide
POST  meetings/{id}/minutes            {minutes};  POST meetings/{id}/close
POST  meetings/{id}/resolutions        {text, unit, due_on}
POST  resolutions/{id}/follow-up       {status, note}
GET   resolutions                      ?overdue=true
GET   public/{community code}          ?cursor=  decided matters, disclosed fields only; no login
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Router, Schema, Status

from shequ.core.errors import NotFound
from shequ.core.freetext import limit_of
from shequ.core.keyset import keyset_page
from shequ.core.params import Id
from shequ.territory.selectors import area_get_for_actor

from . import meetings_api, selectors, services
from .models import Matter, MatterKind

router = Router(tags=["deliberation"])
router.add_router("", meetings_api.router)


class MatterIn(Schema):
    community: Id
    kind: MatterKind
    title: str = Field(..., max_length=limit_of(Matter, "title"))
    background: str = Field("", max_length=limit_of(Matter, "background"))
    budget: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    budget_source: str = Field("", max_length=limit_of(Matter, "budget_source"))
    submit: bool = False


class MatterOut(Schema):
    id: int
    community: int
    kind: str
    title: str
    status: str
    budget: Decimal | None
    budget_source: str
    progress: Decimal
    votes: dict[str, int]
    disclosure: dict[str, str]


class EventOut(Schema):
    at: dt.datetime
    actor: str
    step: str
    from_status: str
    to_status: str
    note: str


class TaskOut(Schema):
    id: int
    parent: int | None
    title: str
    owner: int | None
    due_on: dt.date | None
    weight: int
    progress: Decimal
    is_parent: bool


class MatterDetailOut(MatterOut):
    background: str
    review_note: str
    history: list[EventOut]
    tasks: list[TaskOut]


class PageOut(Schema):
    rows: list[MatterOut]
    next_cursor: str | None


class NoteIn(Schema):
    note: str = Field("", max_length=2000)


class ReviewIn(NoteIn):
    approve: bool


class DisclosureIn(Schema):
    field: str = Field(..., max_length=20)
    state: str = Field(..., max_length=10)


class TaskIn(Schema):
    title: str
    parent: Id | None = None
    owner: Id | None = None
    due_on: dt.date | None = None
    weight: int = Field(1, ge=1, le=1000)


class ProgressIn(Schema):
    progress: Decimal = Field(..., description="0–100; over 100 is refused (progress_range)")
    note: str = Field("", max_length=500)


def _matter(m) -> dict:
    return {"id": m.pk, "community": m.community_id, "kind": m.kind, "title": m.title,
            "status": m.status, "budget": m.budget, "budget_source": m.budget_source,
            "progress": m.progress, "disclosure": m.disclosure,
            "votes": {"for": m.votes_for, "against": m.votes_against,
                      "abstain": m.votes_abstain}}


def _detail(m) -> dict:
    return {**_matter(m), "background": m.background, "review_note": m.review_note,
            "history": [{"at": e.at, "actor": e.actor_name, "step": e.step,
                         "from_status": e.from_status, "to_status": e.to_status,
                         "note": e.note} for e in selectors.matter_history(m)],
            "tasks": [{"id": t.pk, "parent": t.parent_id, "title": t.title,
                       "owner": t.owner_id, "due_on": t.due_on, "weight": t.weight,
                       "progress": t.progress, "is_parent": t.is_parent}
                      for t in selectors.matter_tasks(m)]}


def _get(request, matter_id):
    return selectors.matter_get_for_actor(request.user, matter_id)


@router.get("/matters", response=PageOut)
def matter_list(request, status: str = "", kind: str = "", cursor: str | None = None):
    rows, following = keyset_page(
        selectors.matter_list(actor=request.user, status=status[:12], kind=kind[:16]),
        limit=50, cursor=cursor)
    return {"rows": [_matter(m) for m in rows], "next_cursor": following}


@router.post("/matters", response={201: MatterDetailOut})
def matter_create(request, payload: MatterIn):
    community = area_get_for_actor(request.user, payload.community)
    m = services.matter_create(actor=request.user, community=community,
                               **payload.dict(exclude={"community"}))
    return Status(201, _detail(_get(request, m.pk)))


@router.get("/matters/{matter_id}", response=MatterDetailOut)
def matter_detail(request, matter_id: Id):
    return _detail(_get(request, matter_id))


def _step(name, service):
    @router.post(f"/matters/{{matter_id}}/{name}", response=MatterDetailOut,
                 operation_id=f"deliberation_matter_{name}")
    def endpoint(request, matter_id: Id, payload: NoteIn):
        service(actor=request.user, matter=_get(request, matter_id), note=payload.note)
        return _detail(_get(request, matter_id))
    return endpoint


_step("submit", services.matter_submit)
_step("execute", services.matter_execute)
_step("complete", services.matter_complete)


@router.post("/matters/{matter_id}/review", response=MatterDetailOut)
def matter_review(request, matter_id: Id, payload: ReviewIn):
    services.matter_review(actor=request.user, matter=_get(request, matter_id),
                           **payload.dict())
    return _detail(_get(request, matter_id))


@router.post("/matters/{matter_id}/disclosure", response=MatterDetailOut)
def matter_disclosure(request, matter_id: Id, payload: DisclosureIn):
    services.disclosure_set(actor=request.user, matter=_get(request, matter_id),
                            **payload.dict())
    return _detail(_get(request, matter_id))


@router.post("/matters/{matter_id}/tasks", response={201: TaskOut})
def task_create(request, matter_id: Id, payload: TaskIn):
    matter = _get(request, matter_id)
    parent = selectors.task_get_for_actor(request.user, payload.parent) \
        if payload.parent else None
    owner = services.staff_accounts(matter).filter(pk=payload.owner).first() \
        if payload.owner else None
    if payload.owner and owner is None:
        raise NotFound(field="owner")
    t = services.task_add(actor=request.user, matter=matter, title=payload.title,
                          parent=parent, owner=owner, due_on=payload.due_on,
                          weight=payload.weight)
    return Status(201, _task(t))


def _task(t) -> dict:
    return {"id": t.pk, "parent": t.parent_id, "title": t.title, "owner": t.owner_id,
            "due_on": t.due_on, "weight": t.weight, "progress": t.progress,
            "is_parent": t.children.exists()}


@router.post("/tasks/{task_id}/progress", response=TaskOut)
def task_progress(request, task_id: Id, payload: ProgressIn):
    task = selectors.task_get_for_actor(request.user, task_id)
    return _task(services.task_progress_set(actor=request.user, task=task, **payload.dict()))


# -- the public page, no login ----------------------------------------------------------------
class PublicOut(Schema):
    community: str
    rows: list[dict[str, Any]]
    next_cursor: str | None


@router.get("/public/{code}", auth=None, response=PublicOut)
def public(request, code: str, cursor: str | None = None):
    community = selectors.public_community(code)
    page, rows = selectors.public_matters(community=community, after=cursor)
    return {"community": community.name, "rows": rows, "next_cursor": page.next_cursor}
