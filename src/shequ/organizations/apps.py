from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "shequ.organizations"
    label = "organizations"
    verbose_name = _("Party organisations and units")

    def ready(self):
        from shequ.core import menus

        menus.register(menus.MenuItem(key="party_orgs", group="party", label=_("Party organisations"),
                                      url_name="organizations:party-org-list",
                                      action="view_party", order=40))
        menus.register(menus.MenuItem(key="units", group="party", label=_("Units in the area"),
                                      url_name="organizations:unit-list",
                                      action="edit_party", order=41))

        from shequ.core import auditlabels

        from .models import PartyOrg, Unit

        auditlabels.register(entities={"party_org": PartyOrg, "unit": Unit})
