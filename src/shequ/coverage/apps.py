from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "shequ.coverage"
    label = "coverage"
    verbose_name = _("Set-up coverage")

    def ready(self):
        from shequ.core import menus

        from .selectors import MANAGE

        menus.register(menus.MenuItem(key="setup_checklist", group="admin",
                                      label=_("Set-up checklist"),
                                      url_name="coverage:checklist", action=MANAGE, order=15))
