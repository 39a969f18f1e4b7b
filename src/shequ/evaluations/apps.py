from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "shequ.evaluations"
    label = "evaluations"
    verbose_name = _("Cadre co-evaluation")

    def ready(self):
        from shequ.core import manifest

        from . import registration

        manifest.register(registration.evaluations_manifest(self.label))
