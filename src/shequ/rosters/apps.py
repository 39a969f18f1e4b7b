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
