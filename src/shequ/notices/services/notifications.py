"""The one way to tell users something: ``notify``. Every module calls it (a case assigned,
a volunteer assignment, a registration decided, a notice published); it writes one
``Notification`` per recipient in the caller's transaction and leaves the sending to the
worker (``notices.delivery``): at once for what needs action, in the recipient's digest
for the rest.

``notify`` checks no permission and writes no audit row: its callers are services that
have checked their own action and audit their own change (a notice to 15,000 members is
one audit row, not 15,000)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit, lean
from shequ.core.errors import DomainError, NotFound

from .. import channels
from ..errors import NoticeErrorCode
from ..models import Cadence, Notification, Preference, Urgency

ALL_KINDS = "*"
_CHUNK = 5000
_SMALL = 500


def notify(*, recipients: Iterable, kind: str, title: str, body: str = "", link: str = "",
           urgency: str = Urgency.NORMAL) -> int:
    """Put a notification in each recipient's centre (users or user ids, duplicates
    counted once) and queue what goes out on a channel; returns how many were written.

    Rule: ``urgency="action"`` is sent at once whatever the user chose; the rest follows
    the user's preference for ``kind`` (else their "*" preference, else the daily digest
    on the default channel)."""
    ids = list(dict.fromkeys(getattr(r, "pk", r) for r in recipients if r is not None))
    if not ids:
        return 0
    now, default = timezone.now(), channels.default_name()
    title, body, link = str(title)[:200], str(body)[:2000], str(link)[:300]
    immediate = False
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        prefs = _preferences(chunk, kind)
        rows = []
        for uid in chunk:
            pref = prefs.get(uid)
            channel = pref.channel if pref is not None else default
            cadence = Cadence.IMMEDIATE if urgency == Urgency.ACTION else (
                pref.cadence if pref is not None else Cadence.DAILY)
            immediate = immediate or (bool(channel) and cadence == Cadence.IMMEDIATE)
            rows.append((uid, channel, str(cadence), None if channel else now))
        lean.insert_many(Notification, ["user", "channel", "cadence", "delivered_at"], rows,
                         same={"kind": kind, "title": title, "body": body, "link": link,
                               "urgency": str(urgency), "created_at": now, "read_at": None})
    if immediate:
        transaction.on_commit(_enqueue_immediate)
    return len(ids)


def _preferences(ids: list[int], kind: str) -> dict[int, Preference]:
    """Each user's preference for ``kind`` (else their "*" one). A large audience reads the
    preferences of the kind whole (few users set any) rather than an IN list of thousands of
    ids, which costs more to build than to run."""
    qs = Preference.objects.filter(kind__in=[kind, ALL_KINDS])
    wanted = set(ids)
    if len(ids) <= _SMALL:
        qs = qs.filter(user_id__in=ids)
    prefs: dict[int, Preference] = {}
    for p in qs.only("user_id", "kind", "channel", "cadence"):
        if p.user_id in wanted and (p.kind == kind or p.user_id not in prefs):
            prefs[p.user_id] = p
    return prefs


def _enqueue_immediate() -> None:
    from ..tasks import deliver_immediate

    deliver_immediate.enqueue()


def notification_mark_read(*, actor, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's own notifications read (all unread ones when ``ids`` is None);
    returns how many changed. Someone else's ids are ignored, never an error (they are not
    in sight). Not audited: it changes nothing but the reader's own centre."""
    qs = Notification.objects.filter(user_id=actor.pk, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=[int(i) for i in ids][:500])
    return qs.update(read_at=timezone.now())


def notification_open(*, actor, notification_id: int) -> Notification:
    """The actor's own notification, marked read (what the centre does on a click)."""
    row = Notification.objects.filter(user_id=actor.pk, pk=notification_id).first()
    if row is None:
        raise NotFound()
    if row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


@transaction.atomic
def preference_set(*, actor, kind: str = ALL_KINDS, channel: str, cadence: str) -> Preference:
    """The actor's own choice for one kind ("*": all kinds without their own): a channel
    ("" : the centre only) and when (at once, daily or weekly digest). What needs action is
    sent at once whatever is chosen here."""
    if channel and channel not in channels.names():
        raise DomainError(_("Unknown channel."), code=NoticeErrorCode.UNKNOWN_CHANNEL,
                          field="channel")
    if cadence not in Cadence.values:
        raise DomainError(_("Choose at once, daily or weekly."), field="cadence")
    kind = str(kind or ALL_KINDS).strip()[:40]
    before = Preference.objects.filter(user_id=actor.pk, kind=kind).first()
    pref, _created = Preference.objects.update_or_create(
        user_id=actor.pk, kind=kind, defaults={"channel": channel, "cadence": cadence})
    audit.record(actor=actor, action="notification_preference", entity="user",
                 entity_id=actor.pk, summary=kind,
                 before={"channel": before.channel, "cadence": before.cadence} if before else None,
                 after={"channel": channel, "cadence": cadence})
    return pref
