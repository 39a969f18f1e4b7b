"""Showing a reporter's phone in clear, the way the registry shows a resident's: only to
roles allowed to reveal personal data over the case's place; the reason and the audit row
are core.reveal's rule."""

from __future__ import annotations

from shequ.core.errors import Forbidden
from shequ.core.reveal import reveal

from ..models import Case
from ..permissions import REVEAL_PII, Action, can, require


def can_reveal_reporter_phone(actor, case: Case) -> bool:
    return bool(case.reporter_phone_enc) and can(actor, REVEAL_PII, case.path)


def case_reporter_phone_reveal(*, actor, case: Case, reason: str) -> str:
    """Return the reporter's phone in clear and write the audit row (action ``reveal``,
    as the registry does) first. Someone who cannot see the case is told it does not
    exist; one who sees it without the reveal right is refused."""
    require(actor, Action.VIEW_CASES, case.path)
    if actor is None or not can(actor, REVEAL_PII, case.path):
        raise Forbidden()
    return reveal(actor=actor, blob=case.reporter_phone_enc, field="phone", entity="case",
                  entity_id=case.pk,
                  summary=f"#{case.pk} reporter_phone {case.reporter_phone_masked}",
                  reason=reason)
