from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "shequ.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self):
        from shequ.accounts.roles import Action
        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        manifest.register(manifest.AppManifest(
            label=self.label,
            menu=[
                MenuItem(key="home", label=_("Home"), url_name="web:home", action=None,
                         order=0),
                MenuItem(key="audit", group="admin", label=_("Audit log"),
                         url_name="web:audit-log", action=Action.VIEW_AUDIT, order=90),
            ],
        ))
