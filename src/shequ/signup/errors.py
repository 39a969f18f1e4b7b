"""Error codes of resident sign-up (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class SignupErrorCode(AppErrorCode):
    """Sign-up's own codes; the shared ones are ``core.errors.ErrorCode``."""

    NO_MATCH = "no_match"
    ALREADY_LINKED = "already_linked"
    CODE_WRONG = "code_wrong"
    CODE_EXPIRED = "code_expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    SMS_UNAVAILABLE = "sms_unavailable"
    INVITATION_USED = "invitation_used"
    INVITATION_EXPIRED = "invitation_expired"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_REVOKED = "invitation_revoked"
    INVITATION_CLOSED = "invitation_closed"
    NOT_LINKED = "not_linked"
    NO_COMMUNITY = "no_community"
    INACTIVE = "inactive"
