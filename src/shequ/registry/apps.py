from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "shequ.registry"
    label = "registry"
    verbose_name = _("Resident registry")

    def ready(self):
        from shequ.territory.services import register_path_follower

        def resident():
            from .models import Resident
            return Resident

        def member():
            from .models import PartyMember
            return PartyMember

        register_path_follower(resident, "household__entrance__building")
        register_path_follower(member, "resident__household__entrance__building")
