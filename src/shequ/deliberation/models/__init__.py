"""The deliberation app's records: matters and their history, meetings, tasks."""

from .matters import (
    DECIDED,
    DISCLOSABLE,
    DISCLOSABLE_LABELS,
    Disclosure,
    Matter,
    MatterEvent,
    MatterKind,
    MatterStatus,
    Step,
    default_disclosure,
)
from .meetings import (
    AgendaItem,
    Invitee,
    InviteeKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Resolution,
    ResolutionStatus,
    ResolutionUpdate,
    Vote,
    VoteChoice,
)
from .tasks import Evidence, Task

__all__ = [
    "DECIDED", "DISCLOSABLE", "DISCLOSABLE_LABELS", "AgendaItem", "Disclosure", "Evidence",
    "Invitee", "InviteeKind", "Matter", "MatterEvent", "MatterKind", "MatterStatus", "Meeting",
    "MeetingKind", "MeetingStatus", "Resolution", "ResolutionStatus", "ResolutionUpdate",
    "Step", "Task", "Vote", "VoteChoice", "default_disclosure",
]
