"""Error codes of the online party branch (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class MembershipErrorCode(AppErrorCode):
    """This app's codes; the shared ones (required, not_found, out_of_scope…) are
    ``core.errors.ErrorCode``."""

    NOT_IN_BRANCH = "not_in_branch"
    NO_DUES_PROFILE = "no_dues_profile"
    NO_BAND = "no_band"
    BAD_AMOUNT = "bad_amount"
    BAD_MONTH = "bad_month"
    ALREADY_PAID = "already_paid"
    STATEMENT_UNREADABLE = "statement_unreadable"
    STATEMENT_ROWS = "statement_rows"
    SAME_BRANCH = "same_branch"
    NO_DESTINATION = "no_destination"
    TRANSFER_OPEN = "transfer_open"
    INVALID_TRANSITION = "invalid_transition"
    MEMBER_LEFT = "member_left"
