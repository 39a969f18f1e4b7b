from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "shequ.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from .errors import DashboardErrorCode
        from .models import FigureCache
        from .policies import ROLE_ACTIONS, Action

        manifest.register(manifest.AppManifest(
            label=self.label,
            role_actions=ROLE_ACTIONS,
            error_codes=[DashboardErrorCode],
            menu=[
                MenuItem(key="dashboard", label=_("Dashboard"), url_name="dashboard:home",
                         action=Action.VIEW_DASHBOARD, order=2),
            ],
            audit_labels=manifest.AuditLabels(
                actions={"dashboard_refresh": pgettext_lazy("audit", "Dashboard figures refreshed")},
                entities={"figure_cache": FigureCache}),
        ))
