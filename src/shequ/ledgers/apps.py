from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "shequ.ledgers"
    label = "ledgers"
    verbose_name = _("Ledgers and cases")

    def ready(self):
        from shequ.accounts.roles import register_role_actions
        from shequ.core import menus

        from .permissions import ROLE_ACTIONS, Action, can_view_summaries

        register_role_actions(ROLE_ACTIONS)
        for item in (
            menus.MenuItem(key="cases", group="cases", label=_("Cases"), url_name="ledgers:case-list",
                           action=Action.VIEW_CASES, order=30),
            menus.MenuItem(key="my-cases", group="cases", label=_("My cases"), url_name="ledgers:my-cases",
                           action=Action.HANDLE_CASES, order=31),
            menus.MenuItem(key="warnings", group="cases", label=_("Early warnings"),
                           url_name="ledgers:warning-list", action=Action.VIEW_CASES, order=32),
            menus.MenuItem(key="supervision", group="cases", label=_("Supervision"),
                           url_name="ledgers:weekly", action=can_view_summaries, order=33),
            menus.MenuItem(key="ledger-settings", group="cases", label=_("Ledger settings"),
                           url_name="ledgers:settings", action=Action.MANAGE_CATEGORIES,
                           order=34),
            menus.MenuItem(key="report", group="mine", label=_("Report a problem"), url_name="ledgers:report",
                           action=Action.REPORT_CASES, order=28),
            menus.MenuItem(key="my-reports", group="mine", label=_("My reports"),
                           url_name="ledgers:my-reports", action=Action.REPORT_CASES, order=29),
        ):
            menus.register(item)
