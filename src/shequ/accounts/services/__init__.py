"""Account writes: users, grants, passwords, tokens, lockout, sign-in. Each change is
checked against the actor's scope (``selectors``) and audited in the same transaction.

三权分立 against the system administrator: they make accounts, but a role that reaches
people's data only takes effect once a security administrator approves it
(``grant_add`` → ``grant_approve``); no account holds an administrator role together with
a data role; and a password reset sends a one-time link to the user (``core.notify``),
never a password to the administrator."""

from .checks import DISPLAY_NAME_MAX
from .codes import AccountErrorCode
from .grants import grant_add, grant_approve, grant_reject, grant_remove
from .passwords import (
    password_reset_complete,
    password_reset_user,
    user_password_change,
    user_password_reset,
)
from .signin import (
    is_locked_out,
    lockout_clear,
    login_failure_record,
    login_succeeded,
    password_expired,
)
from .tokens import api_token_authenticate, api_token_create, api_token_revoke
from .users import (
    contact_of,
    user_create,
    user_deactivate,
    user_phone_reveal,
    user_reactivate,
    user_update,
)

__all__ = [
    "DISPLAY_NAME_MAX", "AccountErrorCode", "api_token_authenticate", "api_token_create",
    "api_token_revoke", "contact_of", "grant_add", "grant_approve", "grant_reject",
    "grant_remove", "is_locked_out", "lockout_clear", "login_failure_record",
    "login_succeeded", "password_expired", "password_reset_complete", "password_reset_user",
    "user_create", "user_deactivate", "user_password_change", "user_password_reset",
    "user_phone_reveal", "user_reactivate", "user_update",
]
