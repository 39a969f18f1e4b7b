from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "shequ.members"
    label = "members"
    verbose_name = _("Party member co-management")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.home import HomePanel
        from shequ.core.menus import MenuItem

        from . import figures, home, models, selectors
        from .policies import POLICIES, ROLE_ACTIONS, Action

        member_home = "member__resident__household__entrance__building"
        from .errors import MemberErrorCode

        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            error_codes=[MemberErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="dual-report", group="party", label=_("Dual reporting"),
                         url_name="members:overview", action=Action.VIEW_DUAL, order=44),
                MenuItem(key="unit-reports", group="party", label=_("Unit reports"),
                         url_name="members:unit-list", action=Action.UNIT_REPORTS, order=46),
                MenuItem(key="me-dual", group="mine", label=_("My dual reporting"),
                         url_name="members:me", action=Action.SELF_SERVICE, order=91),
            ],
            home_panels=[HomePanel(key="members-liaison", data=home.liaison_panel,
                                   action=Action.UNIT_REPORTS, order=10)],
            account_units=[selectors.liaison_unit_ids],
            path_followers=[
                manifest.PathFollower(models.DualRegistration, member_home),
                manifest.PathFollower(models.ServiceLog, f"registration__{member_home}"),
                manifest.PathFollower(models.FallbackAttachment, member_home),
            ],
            audit_labels=manifest.AuditLabels(actions={
                "dual_register": pgettext_lazy("audit", "Dual-report registration"),
                "dual_posts": pgettext_lazy("audit", "Service posts chosen"),
                "dual_end": pgettext_lazy("audit", "Dual-report registration ended"),
                "fallback_attach": pgettext_lazy("audit",
                                                 "Member attached for fallback management"),
                "liaison_add": pgettext_lazy("audit", "Unit liaison added"),
                "liaison_remove": pgettext_lazy("audit", "Unit liaison removed"),
                "confirmed": pgettext_lazy("audit", "Confirmed"),
                "rejected": pgettext_lazy("audit", "Rejected"),
            }, entities={
                "dual_registration": models.DualRegistration,
                "service_post": models.ServicePost,
                "service_log": models.ServiceLog, "unit_report": models.UnitReport,
            }, fields={"posts": pgettext_lazy("audit", "Service posts")}),
        ))
