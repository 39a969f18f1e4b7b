"""Ledger models: categories and holidays, cases with their events and attachments, early
warnings, and the supervision committee's comments and monthly evaluations."""

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
from .supervision import Evaluation, SupervisionComment

__all__ = [
    "ADDRESS_MAX", "DESCRIPTION_MAX", "NOTE_MAX", "REPORTER_NAME_MAX", "TITLE_MAX",
    "CLOSED_STATES", "OPEN_STATES", "Attachment", "Case", "CaseEvent", "CaseSource",
    "CaseState", "Category", "EscalationLevel", "Evaluation", "Holiday", "Ledger", "Rating",
    "SupervisionComment", "EarlyWarning", "PendingWarningCheck", "WarningKind",
    "WarningLevel", "WarningRule", "WarningState",
]
