"""Sending what waits in the centre out on its channel (the worker's side of ``notify``).

``deliver_immediate`` sends the rows due at once, in batches: one read of the rows with
their users, one ``send_many`` per channel, one update marking them delivered.
``send_digest`` gathers a user's rows of one cadence (daily or weekly) into one message per
user and channel. A row is marked delivered whether or not its user could be reached on
the channel (no phone, no WeChat link): it stays in their centre either way."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import channels
from .models import Cadence, Notification

BATCH = 2000


def _pending(cadence: str):
    return (Notification.objects.filter(delivered_at__isnull=True, cadence=cadence)
            .exclude(channel="").order_by("id"))


def _users(rows: list[dict], channel: channels.Channel) -> dict[int, tuple[str, str]]:
    """username and (for channels that need it) the clear phone of the rows' users."""
    from django.contrib.auth import get_user_model

    fields = ["id", "username"] + (["phone_enc"] if channel.needs_phone else [])
    users = get_user_model().objects.filter(
        pk__in={r["user_id"] for r in rows}).values_list(*fields)
    return {u[0]: (u[1], channels.clear_phone(u[2]) if channel.needs_phone else "")
            for u in users}


def deliver_immediate(*, limit: int | None = None) -> int:
    """Send the rows due at once; returns how many rows were handled."""
    done = 0
    while limit is None or done < limit:
        rows = list(_pending(Cadence.IMMEDIATE).values(
            "id", "user_id", "channel", "title", "body", "link")[:BATCH])
        if not rows:
            break
        by_channel: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            by_channel[r["channel"]].append(r)
        for name, group in by_channel.items():
            channel = _channel(name)
            if channel is not None:
                users = _users(group, channel)
                channel.send_many([channels.Outgoing(
                    r["user_id"], users[r["user_id"]][0], r["title"], r["body"], r["link"],
                    users[r["user_id"]][1]) for r in group if r["user_id"] in users])
        _mark([r["id"] for r in rows])
        done += len(rows)
    return done


def send_digest(*, cadence: str) -> int:
    """One message per user and channel gathering their waiting rows of ``cadence``
    (daily or weekly); returns how many messages went out."""
    if cadence not in (Cadence.DAILY, Cadence.WEEKLY):
        raise ValueError(cadence)
    rows = list(_pending(cadence).values("id", "user_id", "channel", "title"))
    groups: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["channel"], r["user_id"])].append(r)
    sent = 0
    for name in {c for c, _u in groups}:
        channel = _channel(name)
        keys = [k for k in groups if k[0] == name]
        if channel is None or not keys:
            continue
        users = _users([{"user_id": u} for _c, u in keys], channel)
        messages = []
        for key in keys:
            items, uid = groups[key], key[1]
            if uid not in users:
                continue
            title = ngettext("%(n)d new notification", "%(n)d new notifications",
                             len(items)) % {"n": len(items)}
            body = "\n".join(f"· {i['title']}" for i in items[:20])
            if len(items) > 20:
                body += "\n" + _("and %(n)d more in the app") % {"n": len(items) - 20}
            messages.append(channels.Outgoing(uid, users[uid][0], title, body, "",
                                              users[uid][1]))
        channel.send_many(messages)
        sent += len(messages)
    _mark([r["id"] for r in rows])
    return sent


def _channel(name: str) -> channels.Channel | None:
    try:
        return channels.get(name)
    except KeyError:
        return None  # a channel since removed from the settings: the centre only


def _mark(ids: list[int]) -> None:
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), BATCH):
            Notification.objects.filter(pk__in=ids[start:start + BATCH]).update(delivered_at=now)
