"""Ledger writes. Every service is keyword-only, atomic, permission-checked and audited.

Other modules (patrols, monitoring rules) file cases with ``case_file_from_module``; the
resident portal with ``case_report``; staff, the API and Open311 with ``case_create``."""

from .alerts import warning_acknowledge, warning_close
from .cases import attachments_store, case_create, case_link_duplicate
from .config import (
    category_create,
    category_save,
    category_update,
    holiday_remove,
    holiday_set,
    warning_rule_set,
)
from .modules import case_file_from_module
from .portal import (
    RateLimited,
    case_report,
    lookup_refused_message,
    portal_reporter,
    report_status_unlock,
)
from .public import case_public_text_set
from .reveal import can_reveal_reporter_phone, case_reporter_phone_reveal
from .transitions import (
    case_assign,
    case_close,
    case_escalate,
    case_rate,
    case_reject,
    case_resolve,
    case_return,
    case_start,
    expect_version,
    is_reporter,
)

__all__ = [
    "RateLimited", "attachments_store", "can_reveal_reporter_phone", "case_assign",
    "case_close", "case_create", "case_escalate", "case_file_from_module",
    "case_link_duplicate", "case_public_text_set", "case_rate", "case_reject", "case_report",
    "case_reporter_phone_reveal", "case_resolve", "case_return", "case_start",
    "category_create", "category_save", "category_update", "expect_version", "holiday_remove",
    "holiday_set", "is_reporter", "lookup_refused_message", "portal_reporter",
    "report_status_unlock", "warning_acknowledge", "warning_close",
    "warning_rule_set",
]
