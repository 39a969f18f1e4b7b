"""Error codes of the supervision services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class SupervisionErrorCode(AppErrorCode):
    UNKNOWN_SUBJECT = "unknown_subject"
    NOT_A_FLAG = "not_a_flag"
    ALREADY_ANSWERED = "already_answered"
    MONTH_NOT_BEGUN = "month_not_begun"
    ADJUSTMENT_TOO_LARGE = "adjustment_too_large"
