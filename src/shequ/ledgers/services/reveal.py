"""Showing a reporter's phone in clear, the way the registry shows a resident's: only to
roles allowed to reveal personal data over the case's place, with a reason, and logged
(who, when, what, why) through the audit trail before the value is returned."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit, crypto
from shequ.core.errors import DomainError, Forbidden

from ..models import Case
from ..permissions import REVEAL_PII, Action, can, require

REASON_MIN = 2


def can_reveal_reporter_phone(actor, case: Case) -> bool:
    return bool(case.reporter_phone_enc) and can(actor, REVEAL_PII, case.path)


def case_reporter_phone_reveal(*, actor, case: Case, reason: str) -> str:
    """Return the reporter's phone in clear and write the audit row (action ``reveal``,
    as the registry does) first. Someone who cannot see the case is told it does not
    exist; one who sees it without the reveal right is refused."""
    require(actor, Action.VIEW_CASES, case.path)
    if actor is None or not can(actor, REVEAL_PII, case.path):
        raise Forbidden()
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise DomainError(_("Say why you need to see this (at least 2 characters)."),
                          code="required", field="reason")
    if not case.reporter_phone_enc:
        raise DomainError(_("No value is recorded."), code="not_found", field="phone")
    with transaction.atomic():
        audit.record(actor=actor, action="reveal", entity="case", entity_id=case.pk,
                     summary=f"#{case.pk} reporter_phone {case.reporter_phone_masked}",
                     reason=reason[:300])
    return crypto.decrypt(case.reporter_phone_enc)
