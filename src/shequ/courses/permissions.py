"""Who may do what with courses. Residents enrol and check in themselves (checked on the
row); a party member reads their own study record."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.errors import Forbidden, NotFound


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
    if actor is None or actor.scope_for(action).covers_path(path):
        return
    if not actor.scope_for(Action.VIEW_COURSES).covers_path(path):
        raise NotFound()
    raise Forbidden()


def resident_of(actor):
    from django.core.exceptions import ObjectDoesNotExist
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    try:
        return actor.resident
    except ObjectDoesNotExist:
        return None


def lives_in(resident, path: str) -> bool:
    return resident is not None and resident.is_active and (
        resident.path == path or resident.path.startswith(path + "."))
