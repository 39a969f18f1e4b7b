"""The system as an actor.

Work nobody signed in asked for — demo loaders, workers and scheduled tasks, command-line
tools, the retention run, another module's service acting on its own behalf — passes
:data:`SYSTEM` as ``actor``. Policies allow it everything; ``None`` is nobody (refused),
never "the system" by accident. The audit trail records it as it always has: no user,
actor name "system" (``core.audit.record`` writes a user only for a signed-in account).
"""

from __future__ import annotations


class SystemActor:
    """The one system actor. Not a signed-in account: ``is_authenticated`` is False so the
    audit trail and ``ScopedQuerySet.for_actor`` never mistake it for a user."""

    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_system = True
    pk = None
    id = None
    username = ""
    display_name = "system"

    _instance: SystemActor | None = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SYSTEM"

    def __reduce__(self):
        return (SystemActor, ())

    roles: frozenset[str] = frozenset()

    def can(self, action: str) -> bool:
        return True

    def scope_for(self, action: str):
        """Every place: the system reaches every record for every action."""
        from .scoping import EVERYWHERE

        return EVERYWHERE

    def has_role(self, *roles: str) -> bool:
        return False


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    """Whether ``actor`` is the system (and so allowed everything)."""
    return actor is SYSTEM


def user_of(actor):
    """The account to store as who did something (``created_by``, ``decided_by``…): the
    signed-in user, or None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None

