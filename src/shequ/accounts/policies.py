"""Who may administer accounts. An account has no place of its own: a system administrator
looks after a user when every grant the user holds and their home area lie inside the
administrator's scope (``selectors.users_in_scope``), and never their own account — so the
policy's row rule is that one, written once in the selectors."""

from __future__ import annotations

from shequ.core.policies import ModelPolicy

from . import selectors
from .models import User
from .roles import Action


class AccountPolicy(ModelPolicy):
    view_action = Action.MANAGE_ACCOUNTS

    def allows(self, user, action: str, obj) -> bool:
        """Every action on an account (manage, reveal its phone) asks the one question:
        does ``user`` look after it?"""
        return user.can(action) and selectors.can_manage_user(user, obj)

    def instances_for(self, user, action: str | None = None):
        return selectors.user_list(actor=user)


account_policy = AccountPolicy(User)
