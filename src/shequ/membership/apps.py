from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "shequ.membership"
    label = "membership"
    verbose_name = _("Online party branch")

    def ready(self):
        from .manifest import register

        register(self.label)
