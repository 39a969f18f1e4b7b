from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "shequ.branches"
    label = "branches"
    verbose_name = _("Party branches")

    def ready(self):
        from shequ.core import manifest

        from . import registration

        manifest.register(registration.branches_manifest(self.label))
