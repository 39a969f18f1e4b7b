from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "shequ.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self):
        from shequ.core import menus

        menus.register(menus.MenuItem(key="home", label=_("Home"), url_name="web:home",
                                      action=None, order=0))
        menus.register(menus.MenuItem(key="audit", group="admin", label=_("Audit log"),
                                      url_name="web:audit-log", action="view_audit", order=90))
