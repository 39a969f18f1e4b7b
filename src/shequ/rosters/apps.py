from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "shequ.rosters"
    label = "rosters"
    verbose_name = _("Roster import and export")

    def ready(self):
        from shequ.core import menus

        menus.register(menus.MenuItem(key="rosters", group="people", label=_("Import / export"),
                                      url_name="rosters:index", action="edit_people", order=60))

        from django.utils.translation import pgettext_lazy

        from shequ.core import auditlabels

        auditlabels.register(actions={
            "import": pgettext_lazy("audit", "Roster imported"),
            "export": pgettext_lazy("audit", "Roster exported"),
            "download": pgettext_lazy("audit", "Export downloaded"),
        }, entities={
            "roster_import": pgettext_lazy("audit", "Roster import"),
            "resident_export": pgettext_lazy("audit", "Resident export"),
        })
