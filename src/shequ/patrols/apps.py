from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatrolsConfig(AppConfig):
    name = "shequ.patrols"
    label = "patrols"
    verbose_name = _("Safety patrols")

    def ready(self):
        from shequ.core import manifest

        from . import registration

        manifest.register(registration.patrols_manifest(self.label))
