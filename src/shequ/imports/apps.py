from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "shequ.imports"
    label = "imports"
    verbose_name = _("Set-up imports")

    def ready(self):
        from . import kinds  # noqa: F401 - registers the built-in kinds
