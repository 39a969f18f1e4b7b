"""Who may do what with courses. Residents enrol and check in themselves (checked on the
row); a party member reads their own study record."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.scoping import require_at
from shequ.registry.selectors import is_within, lives_in, resident_of  # noqa: F401 - re-exported


class Action:
    VIEW_COURSES = "view_courses"
    MANAGE_COURSES = "manage_courses"
    SELF_SERVICE = "courses_self_service"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_COURSES, Action.MANAGE_COURSES},
    Role.STREET_ADMIN: {Action.VIEW_COURSES, Action.MANAGE_COURSES},
    Role.COMMUNITY_STAFF: {Action.VIEW_COURSES, Action.MANAGE_COURSES},
    Role.SUPERVISOR: {Action.VIEW_COURSES},
    Role.GRID_WORKER: {Action.VIEW_COURSES},
    Role.RESIDENT: {Action.SELF_SERVICE},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
}


def require(actor, action: str, path: str) -> None:
    require_at(actor, action, path, view_action=Action.VIEW_COURSES)


