from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "shequ.talent"
    label = "talent"
    verbose_name = _("Entrepreneurship and talent")

    def ready(self):
        from . import manifest

        manifest.register(self.label)
