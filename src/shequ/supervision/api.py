"""Supervision over the JSON API (/api/v1/supervision/).

GET   weekly        ?community=&week=YYYY-MM-DD → sections' figures, comments, open flags
GET   comments      ?community=&kind=&object_id=&limit=&cursor=  comments I may read
POST  comments      CommentIn → 201; 400 unknown_subject / required; 404 out of scope
POST  comments/{id}/answer   {answer} → the flag answered; 400 not_a_flag; 409 already_answered
GET   scores        ?kind=&community=&month=YYYY-MM-01  the month's stored scores
POST  scores        {kind, community, month, recompute} compute (supervisors)
POST  scores/{id}/adjust     {adjustment, note}
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode
from shequ.core.keyset import keyset_page
from shequ.core.params import Id

from . import selectors, services, subjects
from .errors import SupervisionErrorCode

router = Router(tags=["supervision"])


class FigureOut(Schema):
    section: str
    label: str
    value: str | int | float | None


class CommentOut(Schema):
    id: int
    community: int
    on_date: dt.date
    author: str
    kind: str
    object_id: int | None
    step: str
    worker: str | None
    text: str
    is_flag: bool
    answer: str
    answered_at: dt.datetime | None


class WeeklyOut(Schema):
    community: int
    start: dt.datetime
    end: dt.datetime
    figures: list[FigureOut]
    comments: list[CommentOut]
    open_flags: list[CommentOut]


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class CommentQuery(Schema):
    community: Id | None = None
    kind: str | None = Field(None, max_length=20)
    object_id: Id | None = None
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)


class CommentIn(Schema):
    text: str = Field(..., max_length=4000)
    community: Id | None = None
    kind: str | None = Field(None, max_length=20)
    object_id: Id | None = None
    step: str = Field("", max_length=60)
    flag: bool = False


class AnswerIn(Schema):
    answer: str = Field(..., max_length=4000)


class ScoreOut(Schema):
    id: int
    month: dt.date
    kind: str
    person: str
    community: int
    measures: dict
    computed_score: float
    adjustment: float
    adjustment_note: str
    final_score: float


class ComputeIn(Schema):
    kind: str = Field(..., max_length=20)
    community: Id
    month: dt.date
    recompute: bool = False


class AdjustIn(Schema):
    adjustment: float
    note: str = Field(..., max_length=300)


def _comment(c) -> dict:
    return {"id": c.pk, "community": c.community_id, "on_date": c.on_date,
            "author": str(c.author), "kind": c.kind, "object_id": c.object_id,
            "step": c.step, "worker": str(c.worker) if c.worker_id else None,
            "text": c.text, "is_flag": c.is_flag, "answer": c.answer,
            "answered_at": c.answered_at}


def _score(s) -> dict:
    return {"id": s.pk, "month": s.month, "kind": s.kind, "person": str(s.person),
            "community": s.community_id, "measures": s.measures,
            "computed_score": s.computed_score, "adjustment": s.adjustment,
            "adjustment_note": s.adjustment_note, "final_score": s.final_score}


def _subject(request, kind: str | None, object_id: int | None):
    """The supervised record named by kind and id, or None for the community's work."""
    if not kind and not object_id:
        return None
    if subjects.subject(kind or "") is None or not object_id:
        raise DomainError(_("This record is not supervised."),
                          code=SupervisionErrorCode.UNKNOWN_SUBJECT, field="kind")
    return selectors.subject_get(request.user, kind, object_id)


@router.get("/weekly", response=WeeklyOut)
def weekly(request, community: Id, week: dt.date | None = None):
    area = selectors.community_get(request.user, community, strict=True)
    w = selectors.weekly(actor=request.user, community=area, day=week or timezone.localdate())
    return {"community": area.pk, "start": w.start, "end": w.end,
            "figures": [{"section": str(s.title), "label": str(label),
                         "value": value if isinstance(value, int | float) or value is None
                         else str(value)}
                        for s in w.sections for label, value in s.rows],
            "comments": [_comment(c) for c in w.comments],
            "open_flags": [_comment(c) for c in w.open_flags]}


@router.get("/comments", response=CommentPage)
def comment_list(request, q: Query[CommentQuery]):
    community = selectors.community_get(request.user, q.community, strict=True) if q.community else None
    subject = _subject(request, q.kind, q.object_id)
    qs = selectors.comment_list(actor=request.user, community=community, subject=subject)
    rows, cursor = keyset_page(qs, limit=q.limit, cursor=q.cursor)
    return {"items": [_comment(c) for c in rows], "next_cursor": cursor}


@router.post("/comments", response={201: CommentOut})
def comment_add(request, payload: CommentIn):
    subject = _subject(request, payload.kind, payload.object_id)
    community = None
    if subject is None:
        if payload.community is None:
            raise DomainError(_("Choose the community."), code=ErrorCode.REQUIRED,
                              field="community")
        community = selectors.community_get(request.user, payload.community, strict=True)
    c = services.comment_add(actor=request.user, text=payload.text, subject=subject,
                             community=community, step=payload.step, flag=payload.flag)
    return Status(201, _comment(c))


@router.post("/comments/{comment_id}/answer", response=CommentOut)
def flag_answer(request, comment_id: Id, payload: AnswerIn):
    c = services.flag_answer(actor=request.user,
                             comment=selectors.comment_get(request.user, comment_id),
                             answer=payload.answer)
    return _comment(c)


@router.get("/scores", response=list[ScoreOut])
def score_list(request, kind: str, community: Id, month: dt.date):
    area = selectors.community_get(request.user, community, strict=True)
    return [_score(s) for s in selectors.score_list(actor=request.user, kind=kind,
                                                    community=area, month=month)]


@router.post("/scores", response=list[ScoreOut])
def score_compute(request, payload: ComputeIn):
    area = selectors.community_get(request.user, payload.community, strict=True)
    return [_score(s) for s in services.score_compute(
        actor=request.user, kind=payload.kind, community=area, month=payload.month,
        recompute=payload.recompute)]


@router.post("/scores/{score_id}/adjust", response=ScoreOut)
def score_adjust(request, score_id: Id, payload: AdjustIn):
    s = services.score_adjust(actor=request.user,
                              score=selectors.score_get(request.user, score_id),
                              adjustment=payload.adjustment, note=payload.note)
    return _score(s)
