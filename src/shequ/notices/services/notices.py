"""Writes for notices: create (with attachments, published now or at a set time), publish
(the audience fixed as receipts, the notifications queued), read, remind those who have not
read, withdraw. A sender addresses only places where they hold ``send_notices``; every door
(page, API, command) comes through ``notice_create``, so the refusal is the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import Grant
from shequ.accounts.roles import Role
from shequ.core import audit, lean
from shequ.core.actors import SYSTEM, user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text

from .. import audiences
from ..errors import NoticeErrorCode
from ..models import Notice, NoticeAttachment, NoticeReceipt, NoticeState, Urgency
from ..policies import Action, notice_policy
from .notifications import notify

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024
# Content type → the file name endings it may carry (both are checked).
FILE_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/msword": (".doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


@transaction.atomic
def notice_create(*, actor, area, title: str, body: str, roles: Iterable[str] = (),
                  org_ids: Iterable[int] = (), publish_at: dt.datetime | None = None, expires_at: dt.datetime | None = None,
                  files: Iterable = ()) -> Notice:
    """A notice to ``area``'s subtree (narrowed to ``roles`` when given), published at
    once or at ``publish_at``; with ``org_ids``, to the members of those party organisations
    (and their sub-organisations) instead. Refused: an area outside the sender's
    ``send_notices`` scope, an organisation missing or outside the area, an unknown role, an expiry not after publication (or already past), a file
    of another type or over 10 MB, more than five files."""
    if not notice_policy.can(actor, Action.SEND_NOTICES, area):
        raise DomainError(_("You may send notices only to areas within your scope."),
                          code=ErrorCode.OUT_OF_SCOPE, field="area")
    title = clean_text(title, field="title", model=Notice, required=True, single_line=True)
    body = clean_text(body, field="body", model=Notice, required=True)
    roles = sorted(set(roles or ()))
    if any(r not in Role.values for r in roles):
        raise DomainError(_("Unknown role."), code=NoticeErrorCode.UNKNOWN_ROLE, field="roles")
    org_ids = _check_orgs(org_ids, area)
    now = timezone.now()
    publish_at = publish_at or now
    if expires_at is not None and (expires_at <= publish_at or expires_at <= now):
        raise DomainError(_("The expiry must be after the publication and in the future."),
                          code=NoticeErrorCode.BAD_DATES, field="expires_at")
    files = list(files or ())
    _check_files(files)
    notice = Notice.objects.create(
        title=title, body=body, sender=user_of(actor), area=area, path=area.path, roles=roles,
        org_ids=org_ids, publish_at=publish_at, expires_at=expires_at)
    for f in files:
        att = NoticeAttachment(notice=notice, original_name=(f.name or "file")[-120:],
                               content_type=_type_of(f), size=f.size)
        att.file.save(_safe_name(f.name), f, save=False)
        att.save()
    audit.record(actor=actor, action="notice_create", entity="notice", entity_id=notice.pk,
                 summary=f"{title} → {area.name}",
                 after={"area": area.path, "roles": roles, "orgs": org_ids, "files": len(files)})
    if publish_at <= now:
        notice = notice_publish(actor=actor, notice=notice)
    else:
        transaction.on_commit(lambda: _enqueue_publish(publish_at))
    return notice


def _check_orgs(org_ids, area) -> list[int]:
    """The party organisations as sorted ids, each existing and inside ``area``."""
    try:
        ids = sorted({int(i) for i in org_ids or ()})
    except (TypeError, ValueError):
        raise DomainError(_("Choose party organisations from the list."), field="org_ids") from None
    if not ids:
        return []
    groups = audiences.get(audiences.PARTY_ORG)
    places = groups.places(ids) if groups is not None else {}
    if set(places) != set(ids) or not all(
            p == area.path or p.startswith(area.path + ".") for p in places.values()):
        raise DomainError(_("Choose party organisations within the area addressed."),
                          code=ErrorCode.OUT_OF_SCOPE, field="org_ids")
    return ids


def _type_of(f) -> str:
    return (getattr(f, "content_type", "") or "").split(";")[0].strip().lower()


def _safe_name(name: str | None) -> str:
    name = (name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name[-80:] or "file"


def _check_files(files: list) -> None:
    if len(files) > MAX_FILES:
        raise DomainError(_("At most %(n)d attachments.") % {"n": MAX_FILES},
                          code=NoticeErrorCode.TOO_MANY_FILES, field="files")
    for f in files:
        endings = FILE_TYPES.get(_type_of(f), ())
        if not (f.name or "").lower().endswith(endings or ("\0",)):
            raise DomainError(_("Attach PDF, Word, Excel, JPEG or PNG files."),
                              code=NoticeErrorCode.FILE_TYPE, field="files")
        if f.size > MAX_FILE_BYTES:
            raise DomainError(_("An attachment may be at most 10 MB."),
                              code=NoticeErrorCode.TOO_LARGE, field="files")


def _enqueue_publish(when: dt.datetime) -> None:
    """Ask the worker to publish at ``when`` where the queue can wait; the periodic
    ``shequ notices publish`` catches the rest."""
    from django_tasks import task_backends

    from ..tasks import publish_due

    if task_backends["default"].supports_defer:
        publish_due.using(run_after=when).enqueue()


def audience(notice: Notice) -> list[int]:
    """Active accounts holding a role (one of the notice's, when it names some) somewhere in
    the notice's subtree — or, for a notice to party organisations, their members' linked
    accounts — the sender left out."""
    if notice.org_ids:
        groups = audiences.get(audiences.PARTY_ORG)
        ids = set(groups.users(notice.org_ids)) if groups is not None else set()
        ids.discard(notice.sender_id)
        return sorted(ids)
    qs = Grant.objects.filter(area__path__gte=notice.path, area__path__lt=notice.path + "~",
                              user__is_active=True)
    if notice.roles:
        qs = qs.filter(role__in=notice.roles)
    if notice.sender_id:
        qs = qs.exclude(user_id=notice.sender_id)
    return list(qs.order_by("user_id").values_list("user_id", flat=True).distinct())


@transaction.atomic
def notice_publish(*, actor, notice: Notice) -> Notice:
    """Fix the audience as receipts and queue one notification each: bulk writes and one
    audit row, however many recipients. A notice already published is left as it is."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != NoticeState.SCHEDULED:
        return notice
    ids = audience(notice)
    lean.insert_many(NoticeReceipt, ["user"], [(uid,) for uid in ids],
                     same={"notice": notice.pk, "read_at": None, "reminded_at": None})
    notice.state, notice.published_at, notice.recipient_count = (
        NoticeState.PUBLISHED, timezone.now(), len(ids))
    notice.save(update_fields=["state", "published_at", "recipient_count"])
    notify(recipients=ids, kind="notice", title=notice.title, body=notice.body[:200],
           link=_link(notice))
    audit.record(actor=actor, action="notice_publish", entity="notice", entity_id=notice.pk,
                 summary=notice.title, after={"recipients": len(ids)})
    return notice


def _link(notice: Notice) -> str:
    return reverse("notices:notice-read", args=[notice.pk])


def publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish the scheduled notices whose time has come (the worker and ``shequ notices
    publish``); returns how many."""
    now = now or timezone.now()
    due = list(Notice.objects.filter(state=NoticeState.SCHEDULED, publish_at__lte=now))
    for notice in due:
        notice_publish(actor=SYSTEM, notice=notice)
    return len(due)


def _live(notice: Notice) -> None:
    if notice.state != NoticeState.PUBLISHED:
        raise Conflict(_("The notice is not published."), code=NoticeErrorCode.NOT_PUBLISHED)
    if not notice.is_live:
        raise Conflict(_("The notice has expired."), code=NoticeErrorCode.EXPIRED)


@transaction.atomic
def notice_read(*, actor, notice: Notice) -> NoticeReceipt | None:
    """The actor has read ``notice``: their receipt and its notification are marked read
    (the first time only). Not audited: the receipt itself is the record. A reader who is
    not a recipient (staff reading in their scope) leaves no receipt."""
    _live(notice)
    receipt = NoticeReceipt.objects.filter(notice=notice, user_id=actor.pk).first()
    if receipt is not None and receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.save(update_fields=["read_at"])
        actor.notifications.filter(kind="notice", link=_link(notice),
                                   read_at__isnull=True).update(read_at=receipt.read_at)
    return receipt


@transaction.atomic
def notice_remind(*, actor, notice: Notice) -> int:
    """Remind the recipients who have not read ``notice`` (at once: a reminder needs
    action); returns how many. Refused for a notice expired or not published yet."""
    notice_policy.require(actor, Action.SEND_NOTICES, notice)
    _live(notice)
    unread = NoticeReceipt.objects.filter(notice=notice, read_at__isnull=True)
    ids = list(unread.values_list("user_id", flat=True))
    unread.update(reminded_at=timezone.now())
    notify(recipients=ids, kind="notice_reminder",
           title=_("Reminder: %(title)s") % {"title": notice.title}, link=_link(notice),
           urgency=Urgency.ACTION)
    audit.record(actor=actor, action="notice_remind", entity="notice", entity_id=notice.pk,
                 summary=notice.title, after={"reminded": len(ids)})
    return len(ids)


@transaction.atomic
def notice_withdraw(*, actor, notice: Notice) -> Notice:
    """Take a notice down (recipients no longer see it; the receipts stay as a record)."""
    notice_policy.require(actor, Action.SEND_NOTICES, notice)
    if notice.state == NoticeState.WITHDRAWN:
        return notice
    before = notice.state
    notice.state = NoticeState.WITHDRAWN
    notice.save(update_fields=["state"])
    audit.record(actor=actor, action="notice_withdraw", entity="notice", entity_id=notice.pk,
                 summary=notice.title, before={"state": before}, after={"state": notice.state})
    return notice
