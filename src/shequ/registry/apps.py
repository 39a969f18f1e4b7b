from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "shequ.registry"
    label = "registry"
    verbose_name = _("Resident registry")

    def ready(self):
        from shequ.core import menus
        from shequ.territory.services import register_path_follower

        menus.register(menus.MenuItem(key="residents", group="people", label=_("Residents"),
                                      url_name="registry:resident-list", action="view_people",
                                      order=20))
        menus.register(menus.MenuItem(key="party_members", group="party", label=_("Party members"),
                                      url_name="registry:party-member-list",
                                      action="view_party", order=30))

        def resident():
            from .models import Resident
            return Resident

        def member():
            from .models import PartyMember
            return PartyMember

        register_path_follower(resident, "household__entrance__building")
        register_path_follower(member, "resident__household__entrance__building")

        from django.utils.translation import pgettext_lazy

        from shequ.core import auditlabels

        from .models import PartyMember, Resident

        auditlabels.register(
            actions={"rotate_keys": pgettext_lazy("audit", "Encryption keys rotated")},
            entities={"resident": Resident, "party_member": PartyMember},
            fields={"id_number": pgettext_lazy("audit", "ID number"),
                    "phone": pgettext_lazy("audit", "Phone")})
