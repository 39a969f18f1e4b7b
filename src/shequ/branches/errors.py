"""Error codes of the branch services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class BranchErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    FUTURE_DATE = "future_date"
    NOT_A_BRANCH = "not_a_branch"
    NOT_IN_BRANCH = "not_in_branch"
    NOT_HELD = "not_held"
    ALREADY_CHECKED_IN = "already_checked_in"
    CHECKIN_CLOSED = "checkin_closed"
    BAD_PHOTO = "bad_photo"
    FILE_TYPE = "file_type"
    TOO_LARGE = "too_large"
    BAD_RULE = "bad_rule"
    WRONG_LEVEL = "wrong_level"
    OUTSIDE_PARENT = "outside_parent"
    DUE_AFTER_PARENT = "due_after_parent"
    NO_EVIDENCE = "no_evidence"
    ALREADY_DONE = "already_done"
