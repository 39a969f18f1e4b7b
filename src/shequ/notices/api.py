"""Notices and notifications over the JSON API (/api/v1/notices/).

GET   notifications            ?unread=&limit=&cursor=  my notifications, newest first
POST  notifications/read       {ids?: [id]}  mark read (all unread ones without ids)
GET   notices                  ?unread=&limit=&cursor=  notices addressed to me (live ones)
GET   notices/sent             ?limit=&cursor=  notices in my scope with receipt counts
POST  notices                  NoticeIn → 201 (attachments: the web form); 400 out_of_scope
                               (field area or org_ids), unknown_role, bad_dates
GET   notices/{id}             one notice (marks my receipt read)
GET   notices/{id}/unread      ?limit=&cursor=  who has not read it (staff in scope)
POST  notices/{id}/remind      → {reminded}; 409 notice_expired / not_published
GET   preferences              my choices;  PUT preferences  PreferenceIn
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from ninja import Field, Query, Router, Schema, Status

from shequ.core.keyset import keyset_page
from shequ.core.params import Id

from . import selectors, services
from .models import Cadence, Notice

router = Router(tags=["notices"])


class PageQuery(Schema):
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)
    unread: bool | None = None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    link: str
    urgency: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class ReadIn(Schema):
    ids: list[Id] | None = Field(None, max_length=500)


class CountOut(Schema):
    changed: int


class NoticeOut(Schema):
    id: int
    title: str
    body: str
    area: int
    area_name: str
    roles: list[str]
    org_ids: list[int]
    state: str
    publish_at: dt.datetime
    expires_at: dt.datetime | None
    published_at: dt.datetime | None
    read_at: dt.datetime | None = None
    recipients: int | None = None
    read: int | None = None
    attachments: list[str] = []


class NoticePage(Schema):
    items: list[NoticeOut]
    next_cursor: str | None


class NoticeIn(Schema):
    area: Id
    title: str = Field(..., max_length=Notice._meta.get_field("title").max_length)
    body: str = Field(..., max_length=Notice._meta.get_field("body").max_length)
    roles: list[str] = Field(default_factory=list, max_length=20)
    org_ids: list[Id] = Field(default_factory=list, max_length=50,
                              description="party organisations: their members instead of roles")
    publish_at: dt.datetime | None = None
    expires_at: dt.datetime | None = None


class ReceiptOut(Schema):
    user: int
    name: str
    reminded_at: dt.datetime | None


class ReceiptPage(Schema):
    items: list[ReceiptOut]
    next_cursor: str | None


class RemindedOut(Schema):
    reminded: int


class PreferenceIn(Schema):
    kind: str = Field("*", max_length=40)
    channel: str = Field("", max_length=16, description='"" : in the app only')
    cadence: Cadence


class PreferenceOut(Schema):
    kind: str
    channel: str
    cadence: str


def _notice(n, receipt=None) -> dict:
    return {"id": n.pk, "title": n.title, "body": n.body, "area": n.area_id,
            "area_name": n.area.name, "roles": n.roles, "org_ids": n.org_ids, "state": n.state,
            "publish_at": n.publish_at, "expires_at": n.expires_at,
            "published_at": n.published_at,
            "read_at": receipt.read_at if receipt is not None else None,
            "recipients": n.recipient_count if hasattr(n, "read_count") else None,
            "read": getattr(n, "read_count", None),
            "attachments": [a.original_name for a in n.attachments.all()]}


@router.get("/notifications", response=NotificationPage)
def notification_list(request, page: Query[PageQuery]):
    qs = selectors.notification_list(actor=request.auth, unread=page.unread)
    rows, cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": rows, "next_cursor": cursor}


@router.post("/notifications/read", response=CountOut)
def notification_read(request, payload: ReadIn):
    return {"changed": services.notification_mark_read(actor=request.auth, ids=payload.ids)}


@router.get("/notices", response=NoticePage)
def my_notices(request, page: Query[PageQuery]):
    qs = selectors.my_notice_list(actor=request.auth, unread=page.unread).prefetch_related(
        "notice__attachments")
    rows, cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": [_notice(r.notice, r) for r in rows], "next_cursor": cursor}


@router.get("/notices/sent", response=NoticePage)
def sent_notices(request, page: Query[PageQuery]):
    qs = selectors.sent_notice_list(actor=request.auth).prefetch_related("attachments")
    rows, cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": [_notice(n) for n in rows], "next_cursor": cursor}


@router.post("/notices", response={201: NoticeOut})
def notice_create(request, payload: NoticeIn):
    notice = services.notice_create(actor=request.auth, area=selectors.area_by_id(payload.area),
                                    **payload.dict(exclude={"area"}))
    return Status(201, notice_detail(request, notice.pk))


@router.get("/notices/{notice_id}", response=NoticeOut)
def notice_detail(request, notice_id: Id):
    notice = selectors.notice_get_for_actor(request.auth, notice_id)
    receipt = services.notice_read(actor=request.auth, notice=notice) if notice.is_live else None
    return _notice(notice, receipt)


@router.get("/notices/{notice_id}/unread", response=ReceiptPage)
def notice_unread(request, notice_id: Id, page: Query[PageQuery]):
    notice = selectors.notice_get_for_actor(request.auth, notice_id)
    qs = selectors.unread_receipts(actor=request.auth, notice=notice)
    rows, cursor = keyset_page(qs, limit=page.limit, cursor=page.cursor)
    return {"items": [{"user": r.user_id, "name": str(r.user), "reminded_at": r.reminded_at}
                      for r in rows], "next_cursor": cursor}


@router.post("/notices/{notice_id}/remind", response=RemindedOut)
def notice_remind(request, notice_id: Id):
    notice = selectors.notice_get_for_actor(request.auth, notice_id)
    return {"reminded": services.notice_remind(actor=request.auth, notice=notice)}


@router.get("/preferences", response=list[PreferenceOut])
def preferences(request):
    return selectors.preferences_of(request.auth)


@router.put("/preferences", response=PreferenceOut)
def preference_set(request, payload: PreferenceIn):
    return services.preference_set(actor=request.auth, **payload.dict())
