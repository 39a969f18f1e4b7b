"""Stable error codes of the volunteers app and the points bank (API ``code`` values)."""

from shequ.core.errors import AppErrorCode


class VolunteerError(AppErrorCode):
    INSUFFICIENT_POINTS = "insufficient_points"
    OUT_OF_STOCK = "out_of_stock"
    NOT_FAMILY = "not_family"
    ALREADY_RECORDED = "already_recorded"
    NOT_VERIFIABLE = "not_verifiable"
    RATE_UNKNOWN = "rate_unknown"
    WRONG_SOURCE = "wrong_source"
    NOT_A_VOLUNTEER = "not_a_volunteer"
    ALREADY_VOLUNTEER = "already_volunteer"
    INVALID_TRANSITION = "invalid_transition"
    NEED_FULL = "need_full"
    NOT_ASSIGNED = "not_assigned"
    CHECKIN_CLOSED = "checkin_closed"
    ALREADY_CHECKED_IN = "already_checked_in"
    OWN_RECORD = "own_record"
    OVERLAPPING_RECORD = "overlapping_record"
    BUSY = "busy"
