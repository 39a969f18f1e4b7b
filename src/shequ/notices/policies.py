"""Who may do what with notices: staff send notices to the places they hold and read the
receipts of the notices in their scope; everybody reads what is addressed to them and their
own notifications (row rules: the receipt or notification is theirs)."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import Notice


class Action:
    SEND_NOTICES = "send_notices"
    VIEW_NOTICES = "view_notices"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.SEND_NOTICES, Action.VIEW_NOTICES},
    Role.STREET_ADMIN: {Action.SEND_NOTICES, Action.VIEW_NOTICES},
    Role.COMMUNITY_STAFF: {Action.SEND_NOTICES, Action.VIEW_NOTICES},
    Role.SUPERVISOR: {Action.VIEW_NOTICES},
}


class NoticePolicy(ModelPolicy):
    """A notice sits at the area it is addressed to: a sender may address only a place they
    hold ``send_notices`` over, and staff read the receipts of notices in their scope."""

    view_action = Action.VIEW_NOTICES


notice_policy = NoticePolicy(Notice)

POLICIES = (notice_policy,)
