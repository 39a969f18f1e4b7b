from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shequ.organizations"
    label = "organizations"
    verbose_name = _("Party organisations and units")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.accounts.roles import Action
        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from . import figures
        from .follow import party_orgs_follow_area
        from .models import PartTimeMember, PartyOrg, Unit

        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            menu=[MenuItem(key="party_orgs", group="party", label=_("Party organisations"),
                           url_name="organizations:party-org-list",
                           action=Action.VIEW_PARTY, order=40),
                  MenuItem(key="units", group="party", label=_("Units in the area"),
                           url_name="organizations:unit-list",
                           action=Action.EDIT_PARTY, order=41)],
            area_move_hooks=[party_orgs_follow_area],
            audit_labels=manifest.AuditLabels(actions={
                "party_org_dissolve": pgettext_lazy("audit", "Dissolved"),
                "unit_close": pgettext_lazy("audit", "Closed"),
                "committee_member_add": pgettext_lazy("audit", "Joined the 大党委"),
                "committee_member_remove": pgettext_lazy("audit", "Left the 大党委"),
                "part_time_member_remove": pgettext_lazy("audit", "Part-time member removed"),
            }, entities={"party_org": PartyOrg, "unit": Unit, "part_time_member": PartTimeMember}),
        ))
