"""Reads of notices and notifications. A user reads the notices addressed to them (their
receipts, live ones only) and their own notifications; staff read the notices in their
``view_notices`` scope with receipt counts, and who has not read one."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.territory.models import Area

from .models import Notice, NoticeReceipt, NoticeState, Notification, Preference
from .policies import Action, notice_policy


def _live_q(prefix: str = "") -> Q:
    now = timezone.now()
    return (Q(**{f"{prefix}state": NoticeState.PUBLISHED})
            & (Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})))


def my_notice_list(*, actor, unread: bool | None = None, q: str = "") -> QuerySet[NoticeReceipt]:
    """The actor's receipts of live notices (published, not expired), newest first, with
    the notice: what "my notices" lists."""
    qs = NoticeReceipt.objects.filter(_live_q("notice__"), user_id=actor.pk)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    if q:
        qs = qs.filter(notice__title__icontains=q.strip())
    return qs.select_related("notice", "notice__area").order_by("-id")


def sent_notice_list(*, actor, q: str = "", state: str = "") -> QuerySet[Notice]:
    """Notices in the actor's ``view_notices`` scope with their receipt counts (recipients,
    read), newest first."""
    qs = notice_policy.instances_for(actor, Action.VIEW_NOTICES).annotate(
        read_count=Count("receipts", filter=Q(receipts__read_at__isnull=False)))
    if q:
        qs = qs.filter(title__icontains=q.strip())
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("area", "sender").order_by("-id")


def notice_get_for_actor(actor, notice_id) -> Notice:
    """A notice the actor may see: staff in scope, or a recipient while it is live. One
    NotFound for missing and not theirs."""
    staff = sent_notice_list(actor=actor).filter(pk=notice_id).first()
    if staff is not None:
        return staff
    receipt = my_notice_list(actor=actor).filter(notice_id=notice_id).first()
    if receipt is None:
        raise NotFound()
    return receipt.notice


def unread_receipts(*, actor, notice: Notice) -> QuerySet[NoticeReceipt]:
    """Who has not read ``notice`` yet (staff in scope only), by name."""
    notice_policy.require(actor, Action.VIEW_NOTICES, notice)
    return (NoticeReceipt.objects.filter(notice=notice, read_at__isnull=True)
            .select_related("user").order_by("id"))


def notification_list(*, actor, unread: bool | None = None) -> QuerySet[Notification]:
    """The actor's own notifications, newest first."""
    qs = Notification.objects.filter(user_id=actor.pk)
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs.order_by("-id")


def unread_count(user) -> int:
    """The badge in the top bar (one indexed count)."""
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def preferences_of(user) -> list[Preference]:
    return list(Preference.objects.filter(user_id=user.pk))


def target_areas(actor) -> QuerySet[Area]:
    """The areas the actor may address a notice to (their ``send_notices`` subtrees)."""
    return Area.objects.for_actor(actor, Action.SEND_NOTICES).order_by("path")


def area_by_id(area_id) -> Area:
    """Any area by id (the API's target; the service decides whether it is in scope)."""
    area = Area.objects.filter(pk=area_id).first()
    if area is None:
        raise NotFound(field="area")
    return area
