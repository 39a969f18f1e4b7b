"""Who may do what in 文明联创. Residents sign up, nominate and vote for their own community
(checked on the row: their home path inside the activity's or selection's community)."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.errors import Forbidden, NotFound


class Action:
    VIEW_CAMPAIGNS = "view_campaigns"
    MANAGE_ACTIVITIES = "manage_activities"
    MANAGE_SELECTIONS = "manage_selections"
    SELF_SERVICE = "campaigns_self_service"  # menu entry for residents and party members


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_CAMPAIGNS, Action.MANAGE_ACTIVITIES,
                          Action.MANAGE_SELECTIONS},
    Role.STREET_ADMIN: {Action.VIEW_CAMPAIGNS, Action.MANAGE_ACTIVITIES,
                        Action.MANAGE_SELECTIONS},
    Role.COMMUNITY_STAFF: {Action.VIEW_CAMPAIGNS, Action.MANAGE_ACTIVITIES,
                           Action.MANAGE_SELECTIONS},
    Role.GRID_WORKER: {Action.VIEW_CAMPAIGNS},
    Role.SUPERVISOR: {Action.VIEW_CAMPAIGNS},
    Role.RESIDENT: {Action.SELF_SERVICE},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
}


def can(actor, action: str, path: str) -> bool:
    return actor is None or actor.scope_for(action).covers_path(path)


def require(actor, action: str, path: str) -> None:
    if can(actor, action, path):
        return
    if actor is not None and not actor.scope_for(Action.VIEW_CAMPAIGNS).covers_path(path):
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
