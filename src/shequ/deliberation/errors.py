"""Error codes of the deliberation services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class DeliberationErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    INVALID_TRANSITION = "invalid_transition"
    NOT_REVIEWED = "not_reviewed"
    NO_QUORUM = "no_quorum"
    NO_MAJORITY = "no_majority"
    ALREADY_VOTED = "already_voted"
    NOT_PRESENT = "not_present"
    MEETING_CLOSED = "meeting_closed"
    WRONG_MEETING_KIND = "wrong_meeting_kind"
    PROGRESS_RANGE = "progress_range"
    PARENT_PROGRESS = "parent_progress"
    PRIVATE_FIELD = "private_field"
    UNKNOWN_FIELD = "unknown_field"
    BAD_PHOTO = "bad_photo"
