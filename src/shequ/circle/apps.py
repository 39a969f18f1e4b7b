from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircleConfig(AppConfig):
    name = "shequ.circle"
    label = "circle"
    verbose_name = _("15-minute service circle")

    def ready(self):
        from shequ.core import manifest

        from . import registration

        manifest.register(registration.circle_manifest(self.label))
