from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "shequ.registry"
    label = "registry"
    verbose_name = _("Resident registry")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.accounts.roles import Action
        from shequ.core import manifest
        from shequ.core.menus import MenuItem
        from shequ.notices import audiences as notice_audiences

        from . import figures
        from .audiences import org_choices, org_member_users, org_places
        from .errors import RegistryErrorCode
        from .models import PartyMember, Resident
        from .policies import POLICIES

        # A notice may be addressed to party organisations: their members' accounts.
        notice_audiences.register(notice_audiences.Audience(
            key=notice_audiences.PARTY_ORG, places=org_places, users=org_member_users,
            choices=org_choices))
        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            policies=POLICIES,
            error_codes=[RegistryErrorCode],
            menu=[
                MenuItem(key="residents", group="people", label=_("Residents"),
                         url_name="registry:resident-list", action=Action.VIEW_PEOPLE,
                         order=20),
                MenuItem(key="party_members", group="party", label=_("Party members"),
                         url_name="registry:party-member-list", action=Action.VIEW_PARTY,
                         order=30),
            ],
            path_followers=[
                manifest.PathFollower(Resident, "household__entrance__building"),
                manifest.PathFollower(PartyMember, "resident__household__entrance__building"),
            ],
            audit_labels=manifest.AuditLabels(
                actions={"rotate_keys": pgettext_lazy("audit", "Encryption keys rotated")},
                entities={"resident": Resident, "party_member": PartyMember},
                fields={"id_number": pgettext_lazy("audit", "ID number"),
                        "phone": pgettext_lazy("audit", "Phone")}),
        ))
