"""Error codes of the talent services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class TalentErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    NO_CONSENT = "no_consent"
    DEMAND_CLOSED = "demand_closed"
    INVALID_TRANSITION = "invalid_transition"
    PAY_BAND = "pay_band"
    DEADLINE_PASSED = "deadline_passed"
    NOT_A_MEMBER = "not_a_member"
    ALREADY_DONE = "already_done"
