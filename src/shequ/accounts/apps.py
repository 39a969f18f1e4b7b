from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from . import retention
        from .models import ApiToken, User
        from .roles import ROLE_ACTIONS, Action

        labels = manifest.AuditLabels(actions={
            "grant": pgettext_lazy("audit", "Role granted"),
            "revoke": pgettext_lazy("audit", "Role removed"),
            "unlock": pgettext_lazy("audit", "Lockout lifted"),
            "token_create": pgettext_lazy("audit", "API token issued"),
            "token_revoke": pgettext_lazy("audit", "API token revoked"),
            "password_reset": pgettext_lazy("audit", "Password reset"),
            "password_change": pgettext_lazy("audit", "Password changed"),
            "link_user": pgettext_lazy("audit", "Account linked to resident"),
            "login": pgettext_lazy("audit", "Signed in"),
            "login_otp": pgettext_lazy("audit", "Second sign-in step passed"),
            "login_failed": pgettext_lazy("audit", "Sign-in failed"),
            "grant_request": pgettext_lazy("audit", "Role requested (awaiting approval)"),
            "grant_approve": pgettext_lazy("audit", "Role approved"),
            "grant_reject": pgettext_lazy("audit", "Role refused"),
            "otp_enrol": pgettext_lazy("audit", "Two-step sign-in set up"),
            "otp_reset": pgettext_lazy("audit", "Two-step sign-in reset"),
        }, entities={"user": User, "api_token": ApiToken}, fields={
            "must_change_password": pgettext_lazy("audit", "Must change password"),
            "tokens_revoked": pgettext_lazy("audit", "Tokens revoked"),
            "failures": pgettext_lazy("audit", "Failed sign-ins"),
            "minutes": pgettext_lazy("audit", "Minutes"),
        })
        from .policies import account_policy
        from .services.codes import AccountErrorCode

        manifest.register(manifest.AppManifest(
            label=self.label,
            error_codes=[AccountErrorCode],
            policies=[account_policy],
            # The base of the role table: territory, people, party and the three
            # administrators' actions. Every other app adds its own in its manifest.
            role_actions=ROLE_ACTIONS,
            menu=[
                MenuItem(key="accounts", group="admin", label=_("Users and permissions"),
                         url_name="accounts:user-list", action=Action.MANAGE_ACCOUNTS,
                         order=87),
                MenuItem(key="lockouts", group="admin", label=_("Sign-in lockouts"),
                         url_name="accounts:lockout-list", action=Action.MANAGE_SECURITY,
                         order=88),
                MenuItem(key="grant-approvals", group="admin", label=_("Role approvals"),
                         url_name="accounts:grant-pending-list",
                         action=Action.MANAGE_SECURITY, order=89),
                # Everyone signed in: an item without an action shows for every user.
                MenuItem(key="my-account", group="mine", label=_("My account"),
                         url_name="accounts:my-account", action=None, order=99),
            ],
            audit_labels=labels,
            retention=retention.categories(),
        ))
