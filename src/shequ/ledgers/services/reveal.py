"""Showing a reporter's phone in clear, the way the registry shows a resident's: only to
roles allowed to reveal personal data over the case's place; the reason and the audit row
are core.reveal's rule."""

from __future__ import annotations

from shequ.core.errors import Forbidden
from shequ.core.reveal import reveal

from ..models import Case
from ..policies import REVEAL_PII, Action, case_policy


def can_reveal_reporter_phone(actor, case: Case) -> bool:
    return bool(case.reporter_phone_enc) and case_policy.can(actor, REVEAL_PII, case)


def case_reporter_phone_reveal(*, actor, case: Case, reason: str) -> str:
    """Return the reporter's phone in clear and write the audit row (action ``reveal``,
    as the registry does) first. Someone who cannot see the case is told it does not
    exist; one who sees it without the reveal right is refused."""
    case_policy.require(actor, Action.VIEW_CASES, case)
    # Showing a phone in clear is a person's act (and logged as theirs), never the system's.
    if not getattr(actor, "is_authenticated", False) or not case_policy.can(
            actor, REVEAL_PII, case):
        raise Forbidden()
    return reveal(actor=actor, blob=case.reporter_phone_enc, field="phone", entity="case",
                  entity_id=case.pk,
                  summary=f"#{case.pk} reporter_phone {case.reporter_phone_masked}",
                  reason=reason)
