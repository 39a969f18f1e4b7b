"""Error codes of the course services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class CourseErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    ALREADY_CHECKED_IN = "already_checked_in"
    ATTENDANCE_RECORDED = "attendance_recorded"
    CHECKIN_CLOSED = "checkin_closed"
    CLOSED = "closed"
    FULL = "full"
    INVALID_TRANSITION = "invalid_transition"
    NOT_ENROLLED = "not_enrolled"
    PARTY_ONLY = "party_only"
