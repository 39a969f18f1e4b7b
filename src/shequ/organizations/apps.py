from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shequ.organizations"
    label = "organizations"
    verbose_name = _("Party organisations and units")

    def ready(self):
        from shequ.accounts.roles import Action
        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from .models import PartyOrg, Unit

        manifest.register(manifest.AppManifest(
            label=self.label,
            menu=[MenuItem(key="party_orgs", group="party", label=_("Party organisations"),
                           url_name="organizations:party-org-list",
                           action=Action.VIEW_PARTY, order=40)],
            audit_labels=manifest.AuditLabels(entities={"party_org": PartyOrg, "unit": Unit}),
        ))
