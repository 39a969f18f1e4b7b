"""Who may do what in the online party branch. Dues, transfers and posts sit at their
branch (the copied ``PartyOrg.path``): staff over the branch's place see them
(``view_branch``) and keep the books (``manage_dues``), move members
(``manage_transfers``) and post (``manage_posts``; posting also asks ``notices``'
``send_notices``, since a post is a notice). A transfer is also the receiving branch's
business: staff over ``to_path`` may see it and confirm or return it. Party members read
their own dues and their branch's posts (``branch_self_service``, checked on the row)."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import BranchPost, DuesPayment, DuesProfile, Transfer


class Action:
    VIEW_BRANCH = "view_branch"
    MANAGE_DUES = "manage_dues"
    MANAGE_TRANSFERS = "manage_transfers"
    MANAGE_POSTS = "manage_posts"
    SELF_SERVICE = "branch_self_service"


_STAFF = {Action.VIEW_BRANCH, Action.MANAGE_DUES, Action.MANAGE_TRANSFERS, Action.MANAGE_POSTS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: _STAFF,
    Role.STREET_ADMIN: _STAFF,
    Role.COMMUNITY_STAFF: _STAFF,
    Role.SUPERVISOR: {Action.VIEW_BRANCH},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
}


class BranchPolicy(ModelPolicy):
    """A branch's records are seen and kept by staff over the branch's place."""

    view_action = Action.VIEW_BRANCH


class TransferPolicy(BranchPolicy):
    """The sending branch's staff, and the receiving branch's for what a receiver does
    (seeing the transfer, confirming or returning it)."""

    def allows(self, user, action: str, obj) -> bool | None:
        to_path = getattr(obj, "to_path", "")
        if to_path and action in (Action.VIEW_BRANCH, Action.MANAGE_TRANSFERS) \
                and user.scope_for(action).covers_path(to_path):
            return True
        return None


dues_policy = BranchPolicy(DuesProfile)
payment_policy = BranchPolicy(DuesPayment)
transfer_policy = TransferPolicy(Transfer)
post_policy = BranchPolicy(BranchPost)

POLICIES = (dues_policy, payment_policy, transfer_policy, post_policy)
