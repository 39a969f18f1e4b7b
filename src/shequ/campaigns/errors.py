"""Error codes of activities and selections (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class CampaignErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    ALREADY_CHECKED_IN = "already_checked_in"
    CHECKIN_CLOSED = "checkin_closed"
    CLOSED = "closed"
    INVALID_TRANSITION = "invalid_transition"
    NOMINATIONS_CLOSED = "nominations_closed"
    NOT_A_VOLUNTEER = "not_a_volunteer"
    NOT_SIGNED_UP = "not_signed_up"
