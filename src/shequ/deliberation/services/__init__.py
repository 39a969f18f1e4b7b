"""The deliberation app's writes (the door other apps, views, the API and the CLI use)."""

from .joint import resolution_add, resolution_follow_up
from .matters import (
    disclosure_set,
    matter_complete,
    matter_create,
    matter_execute,
    matter_review,
    matter_submit,
    matter_update,
)
from .meetings import (
    agenda_add,
    attendance_set,
    invitee_add,
    meeting_close,
    meeting_create,
    minutes_set,
    quorum,
    staff_accounts,
)
from .tasks import evidence_add, task_add, task_progress_set
from .voting import item_decide, vote_cast

__all__ = [
    "agenda_add", "attendance_set", "disclosure_set", "evidence_add", "invitee_add",
    "item_decide", "matter_complete", "matter_create", "matter_execute", "matter_review",
    "matter_submit", "matter_update", "meeting_close", "meeting_create", "minutes_set",
    "quorum", "resolution_add", "resolution_follow_up", "staff_accounts", "task_add",
    "task_progress_set", "vote_cast",
]
