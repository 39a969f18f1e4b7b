from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "shequ.territory"
    label = "territory"
    verbose_name = _("Territory")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from .models import Area, Building, Compound, Entrance, Household
        from .policies import POLICIES

        manifest.register(manifest.AppManifest(
            label=self.label,
            policies=POLICIES,
            menu=[MenuItem(key="territory", group="people", label=_("Territory"),
                           url_name="territory:tree", action="view_territory", order=10)],
            audit_labels=manifest.AuditLabels(
                actions={"move": pgettext_lazy("audit", "Moved"),
                         "retire": pgettext_lazy("audit", "Retired")},
                entities={"area": Area, "building": Building, "household": Household,
                          "compound": Compound, "entrance": Entrance}),
        ))
