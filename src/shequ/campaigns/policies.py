"""Who may do what in 文明联创. Residents sign up, nominate and vote for their own community
(checked on the row: their home path inside the activity's or selection's community).
The roles' actions are declared in the app's manifest; every check on a record asks the
policy of its model below."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import Activity, Nomination, Selection, Signup, Vote


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


class CampaignPolicy(ModelPolicy):
    """Activities and selections sit at their community, sign-ups, nominations and votes
    at the resident's home (or the nominee's place). Staff who cannot see one are told it
    does not exist."""

    view_action = Action.VIEW_CAMPAIGNS


activity_policy = CampaignPolicy(Activity)
signup_policy = CampaignPolicy(Signup)
selection_policy = CampaignPolicy(Selection)
nomination_policy = CampaignPolicy(Nomination)
vote_policy = CampaignPolicy(Vote)

POLICIES = (activity_policy, signup_policy, selection_policy, nomination_policy, vote_policy)


