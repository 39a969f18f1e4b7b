"""Who may do what with party branches: the actions, which roles hold them (declared in the
app's manifest) and the permission policies of the branches' records.

Staff hold the branch records of their area. A responsibility item is also seen by those
below it (a street sees the district item its own derives from), never changed by them.
A party member reads their own branch's meetings and signs in by QR (checked on the row
in the service: being in the branch)."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import BranchDocument, BranchProfile, Meeting, MeetingRule, Responsibility


class Action:
    VIEW_BRANCHES = "view_branches"
    MANAGE_BRANCHES = "manage_branches"
    MANAGE_CHAIN = "manage_responsibility_chain"
    CONFIGURE_RULES = "configure_meeting_rules"
    SELF_SERVICE = "branches_self_service"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_BRANCHES, Action.MANAGE_BRANCHES, Action.MANAGE_CHAIN,
                          Action.CONFIGURE_RULES},
    Role.STREET_ADMIN: {Action.VIEW_BRANCHES, Action.MANAGE_BRANCHES, Action.MANAGE_CHAIN},
    Role.COMMUNITY_STAFF: {Action.VIEW_BRANCHES, Action.MANAGE_BRANCHES, Action.MANAGE_CHAIN},
    Role.SUPERVISOR: {Action.VIEW_BRANCHES},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
}


def ancestors_of(path: str) -> list[str]:
    """The paths above ``path`` ("01.03.012" → ["01", "01.03"])."""
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


class BranchPolicy(ModelPolicy):
    """A branch record sits at its branch's place."""

    view_action = Action.VIEW_BRANCHES


class ResponsibilityPolicy(ModelPolicy):
    """An item sits at its area (or branch); viewers below it see it too, so the chain
    can be followed upwards, but act only where they hold the action."""

    view_action = Action.VIEW_BRANCHES

    def allows(self, user, action, obj):
        if action != self.view_action or isinstance(obj, str):
            return None
        scope = user.scope_for(action)
        if any(p.startswith(obj.path + ".") for p in scope.paths):
            return True
        return None


meeting_policy = BranchPolicy(Meeting)
profile_policy = BranchPolicy(BranchProfile)
document_policy = BranchPolicy(BranchDocument)
rule_policy = BranchPolicy(MeetingRule)
responsibility_policy = ResponsibilityPolicy(Responsibility)

POLICIES = (meeting_policy, profile_policy, document_policy, rule_policy,
            responsibility_policy)
