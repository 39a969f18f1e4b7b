from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "shequ.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self):
        from shequ.core import menus

        menus.register(menus.MenuItem(key="territory", group="people", label=_("Territory"),
                                      url_name="territory:tree", action="view_territory",
                                      order=10))

        from django.utils.translation import pgettext_lazy

        from shequ.core import auditlabels

        from .models import Area, Building, Compound, Entrance, Household

        auditlabels.register(actions={"move": pgettext_lazy("audit", "Moved"),
                                      "retire": pgettext_lazy("audit", "Retired")},
                             entities={"area": Area, "building": Building,
                                       "household": Household, "compound": Compound,
                                       "entrance": Entrance})
