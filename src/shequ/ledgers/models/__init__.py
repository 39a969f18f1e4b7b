"""Ledger models: categories and holidays, cases with their events and attachments, early
warnings (the supervision committee's comments and scores are the supervision app's)."""

from .alerts import (
    EarlyWarning,
    PendingWarningCheck,
    WarningKind,
    WarningLevel,
    WarningRule,
    WarningState,
)
from .cases import (
    ADDRESS_MAX,
    CLOSED_STATES,
    DESCRIPTION_MAX,
    NOTE_MAX,
    OPEN_STATES,
    REPORTER_NAME_MAX,
    TITLE_MAX,
    Attachment,
    Case,
    CaseEvent,
    CaseSource,
    CaseState,
    Category,
    EscalationLevel,
    Holiday,
    Ledger,
    Rating,
)

__all__ = [
    "ADDRESS_MAX", "DESCRIPTION_MAX", "NOTE_MAX", "REPORTER_NAME_MAX", "TITLE_MAX",
    "CLOSED_STATES", "OPEN_STATES", "Attachment", "Case", "CaseEvent", "CaseSource",
    "CaseState", "Category", "EscalationLevel", "Holiday", "Ledger", "Rating", "EarlyWarning", "PendingWarningCheck", "WarningKind",
    "WarningLevel", "WarningRule", "WarningState",
]
