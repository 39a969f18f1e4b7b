"""Writing the audit trail. Services call :func:`record` inside their own transaction so the
change and its audit row commit or roll back together. Values passed here must already be
masked: personal data never enters the audit trail in clear."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

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
    return AuditEvent.objects.create(
        actor=user,
        actor_name=getattr(user, "username", "") or "system",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary[:300],
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason[:300],
        ip=getattr(_local, "ip", None),
    )
