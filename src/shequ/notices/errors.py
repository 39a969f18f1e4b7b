"""Error codes of the notices services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class NoticeErrorCode(AppErrorCode):
    """Stable codes of this app (the shared ones are ``core.errors.ErrorCode``)."""

    EXPIRED = "notice_expired"
    FILE_TYPE = "file_type"
    TOO_LARGE = "too_large"
    TOO_MANY_FILES = "too_many_files"
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_CHANNEL = "unknown_channel"
    BAD_DATES = "bad_dates"
    NOT_PUBLISHED = "not_published"
