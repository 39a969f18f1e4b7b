from django.apps import AppConfig


class Open311Config(AppConfig):
    name = "shequ.open311"
    label = "open311"
    verbose_name = "Open311 GeoReport v2"

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest

        manifest.register(manifest.AppManifest(
            label=self.label,
            audit_labels=manifest.AuditLabels(actions={
                "open311_client_issue": pgettext_lazy("audit", "Open311 key issued"),
                "open311_client_revoke": pgettext_lazy("audit", "Open311 key revoked"),
            }, entities={"open311_client": pgettext_lazy("audit", "Open311 client")}),
        ))
