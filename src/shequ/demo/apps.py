from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "shequ.demo"
    label = "demo"
    verbose_name = _("Demo data")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest

        manifest.register(manifest.AppManifest(
            label=self.label,
            audit_labels=manifest.AuditLabels(
                actions={"demo_load": pgettext_lazy("audit", "Demo data loaded")},
                entities={"demo": pgettext_lazy("audit", "Demo data")}),
        ))
