from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "shequ.resources"
    label = "resources"
    verbose_name = _("Shared resources")

    def ready(self):
        from . import manifest

        manifest.register(self.label)
