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
    CLOSED_STATES,
    OPEN_STATES,
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
    "CLOSED_STATES", "OPEN_STATES", "Attachment", "Case", "CaseEvent", "CaseSource",
    "CaseState", "Category", "EscalationLevel", "Evaluation", "Holiday", "Ledger", "Rating",
    "SupervisionComment", "EarlyWarning", "PendingWarningCheck", "WarningKind",
    "WarningLevel", "WarningRule", "WarningState",
]
