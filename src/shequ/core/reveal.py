"""Showing one encrypted personal-data value in clear: the single rule every module's
"reveal" follows once it has checked the actor's permission over the record's place.

A reason of at least ``REASON_MIN`` characters is required, the audit row (action
``reveal``: who, when, which record, why) is written and committed before the value is
decrypted and returned, and a missing value is an error naming the field.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from . import audit, crypto
from .errors import DomainError, ErrorCode

REASON_MIN = 2


def reveal(*, actor, blob: bytes | None, field: str, entity: str, entity_id, summary: str,
           reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise DomainError(_("Say why you need to see this (at least 2 characters)."),
                          code=ErrorCode.REQUIRED, field="reason")
    if not blob:
        raise DomainError(_("No value is recorded."), code=ErrorCode.NOT_FOUND, field=field)
    with transaction.atomic():
        audit.record(actor=actor, action="reveal", entity=entity, entity_id=entity_id,
                     summary=summary, reason=reason[:300])
    return crypto.decrypt(bytes(blob))
