"""Error codes of the patrol services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class PatrolErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found…) are ``core.errors.ErrorCode``."""

    NOT_IN_POOL = "not_in_pool"
    NOT_ON_SHIFT = "checkpoint_not_on_shift"
    OUTSIDE_SHIFT = "outside_shift"
    ALREADY_CHECKED_IN = "already_checked_in"
    NO_ROUTES = "grid_without_routes"
    NO_COVERAGE = "no_coverage_required"
    PLAN_PUBLISHED = "plan_published"
    PLAN_EMPTY = "plan_not_generated"
    UNAVAILABLE = "member_unavailable"
    BUSY = "member_busy"
    OVER_MAX = "over_max_shifts"
    SHIFT_NOT_OVER = "shift_not_over"
    SHIFT_CLOSED = "shift_closed"
    INVALID_TRANSITION = "invalid_transition"
    ALREADY_FILED = "already_filed"
    BAD_PHOTO = "bad_photo"
    BAD_ORDER = "checkpoint_order_mismatch"
    BAD_POSITION = "position_out_of_range"
