"""The branches app's writes (one module per concern)."""

from .basics import document_add, profile_update
from .chain import evidence_add, responsibility_close, responsibility_create, responsibility_derive
from .meetings import (
    meeting_check_in,
    meeting_create,
    meeting_photo_add,
    meeting_roll_call,
    meeting_update,
    rule_set,
)

__all__ = [
    "document_add", "evidence_add", "meeting_check_in", "meeting_create", "meeting_photo_add",
    "meeting_roll_call", "meeting_update", "profile_update", "responsibility_close",
    "responsibility_create", "responsibility_derive", "rule_set",
]
