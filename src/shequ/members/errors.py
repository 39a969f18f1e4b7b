"""Error codes of dual reporting (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class MemberErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    ALREADY_REGISTERED = "already_registered"
    DUAL_REPORT_HOUR = "dual_report_hour"
    ENDED = "ended"
    INVALID_TRANSITION = "invalid_transition"
    NOT_A_MEMBER = "not_a_member"
    NOT_HOME_COMMUNITY = "not_home_community"
    NOT_IN_SERVICE = "not_in_service"
    NOT_REGISTERED = "not_registered"
    POST_FULL = "post_full"
