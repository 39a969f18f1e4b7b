"""Who may do what in 文明联创. Residents sign up, nominate and vote for their own community
(checked on the row: their home path inside the activity's or selection's community)."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.scoping import may, require_at
from shequ.registry.selectors import is_within, lives_in, resident_of  # noqa: F401 - re-exported


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


can = may


def require(actor, action: str, path: str) -> None:
    require_at(actor, action, path, view_action=Action.VIEW_CAMPAIGNS)


