"""Error codes of the account services (stable strings returned by the API)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class AccountErrorCode(AppErrorCode):
    OWN_ACCOUNT = "own_account"
    SEPARATION_OF_DUTIES = "separation_of_duties"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - an error code, not a secret
    SAME_PASSWORD = "same_password"  # noqa: S105
    ALREADY_INACTIVE = "already_inactive"
    ALREADY_ACTIVE = "already_active"
    PASSWORD_CHANGE_REQUIRED = "password_change_required"  # noqa: S105
    NO_CONTACT = "no_contact"
    INVALID_LINK = "invalid_link"
    NOT_PENDING = "not_pending"
    OTP_REQUIRED = "otp_required"
    OTP_INVALID = "otp_invalid"
    SESSION_EXPIRED = "session_expired"
    PASSWORD_CLASSES = "password_classes"  # noqa: S105 - an error code, not a secret
    PASSWORD_REUSED = "password_reused"  # noqa: S105
    INVALID_CREDENTIALS = "invalid_credentials"
