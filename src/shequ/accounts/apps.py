from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shequ.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from shequ.core import menus

        from .roles import Action

        menus.register(menus.MenuItem(key="accounts", group="admin", label=_("Users and permissions"),
                                      url_name="accounts:user-list",
                                      action=Action.MANAGE_ACCOUNTS, order=87))
        menus.register(menus.MenuItem(key="lockouts", group="admin", label=_("Sign-in lockouts"),
                                      url_name="accounts:lockout-list",
                                      action=Action.MANAGE_SECURITY, order=88))
        menus.register(menus.MenuItem(key="grant-approvals", group="admin",
                                      label=_("Role approvals"),
                                      url_name="accounts:grant-pending-list",
                                      action=Action.MANAGE_SECURITY, order=89))
        # Everyone signed in: an item without an action shows for every user.
        menus.register(menus.MenuItem(key="my-account", group="mine", label=_("My account"),
                                      url_name="accounts:my-account", action=None, order=99))
