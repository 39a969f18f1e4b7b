"""Error codes of casework (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class CaseErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    CATEGORY_NOT_PUBLIC = "category_not_public"
    FILE_TYPE = "file_type"
    HAS_CASES = "has_cases"
    INVALID_CURSOR = "invalid_cursor"
    INVALID_TRANSITION = "invalid_transition"
    NOT_GRID_WORKER = "not_grid_worker"
    STABILITY_NOT_PUBLIC = "stability_not_public"
    TOO_LARGE = "too_large"
