"""Writing the audit trail. Services call :func:`record` inside their own transaction so the
change and its audit row commit or roll back together. Values passed here must already be
masked: personal data never enters the audit trail in clear. Each row is chained to the
previous one (``core.auditchain``) under a lock on the chain head, in the same transaction."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import auditchain, lean
from .models import AuditEvent

_local = threading.local()


def set_request_ip(ip: str | None) -> None:
    _local.ip = ip


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | Decimal):
        return str(value)
    return value


def _stored(value):
    """The value as the JSON column gives it back (string keys…), so the mac computed now
    is the mac a later check computes from the stored row."""
    return None if value is None else json.loads(json.dumps(_jsonable(value)))


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the keys whose values changed."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    *,
    actor,
    action: str,
    entity: str,
    entity_id,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    ip = AuditEvent._meta.get_field("ip").get_prep_value(getattr(_local, "ip", None)) or None
    event = AuditEvent(
        actor=user,
        actor_name=getattr(user, "username", "") or "system",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary[:300],
        before=_stored(before),
        after=_stored(after),
        reason=reason[:300],
        ip=ip,
    )
    # No savepoint: a failed audit write must abort the caller's whole transaction anyway.
    # Three statements on every audited change, so written below the ORM (``core.lean``).
    with transaction.atomic(savepoint=False):
        seq, mac = auditchain.lock_head_values()
        event.at = timezone.now()
        event.seq = seq + 1
        event.mac = auditchain.sign(mac, {
            name: getattr(event, name) for name in auditchain.FIELDS})
        lean.insert(event)
        auditchain.move_head(event.seq, event.mac)
    return event
