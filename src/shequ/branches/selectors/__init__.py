"""The branches app's reads (one module per concern); other apps read these."""

from .basics import STANDARD, Basics, basics_for, basics_list
from .chain import chain_view, responsibility_get_for_actor, responsibility_list
from .meetings import (
    branch_get_for_actor,
    branch_list,
    check,
    meeting_get_for_actor,
    meeting_list,
    shortfalls,
)
from .members import branch_members

__all__ = [
    "STANDARD", "Basics", "basics_for", "basics_list", "branch_get_for_actor", "branch_list",
    "branch_members", "chain_view", "check", "meeting_get_for_actor", "meeting_list",
    "responsibility_get_for_actor", "responsibility_list", "shortfalls",
]
