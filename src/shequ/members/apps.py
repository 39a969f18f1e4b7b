from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "shequ.members"
    label = "members"
    verbose_name = _("Party member co-management")

    def ready(self):
        from shequ.accounts.roles import register_role_actions
        from shequ.core import menus
        from shequ.territory.services import register_path_follower

        from .permissions import ROLE_ACTIONS, Action

        register_role_actions(ROLE_ACTIONS)
        menus.register(menus.MenuItem(key="dual-report", group="party", label=_("Dual reporting"),
                                      url_name="members:overview", action=Action.VIEW_DUAL,
                                      order=44))
        menus.register(menus.MenuItem(key="unit-reports", group="party", label=_("Unit reports"),
                                      url_name="members:unit-list",
                                      action=Action.UNIT_REPORTS, order=46))
        menus.register(menus.MenuItem(key="me-dual", group="mine", label=_("My dual reporting"),
                                      url_name="members:me", action=Action.SELF_SERVICE,
                                      order=91))

        from shequ.core import home as home_panels

        from . import home

        home_panels.register(home_panels.HomePanel(
            key="members-liaison", data=home.liaison_panel, action=Action.UNIT_REPORTS,
            order=10))

        def model(name):
            def get():
                from . import models
                return getattr(models, name)
            return get

        register_path_follower(model("DualRegistration"),
                               "member__resident__household__entrance__building")
        register_path_follower(model("ServiceLog"),
                               "registration__member__resident__household__entrance__building")
        register_path_follower(model("FallbackAttachment"),
                               "member__resident__household__entrance__building")

        from django.utils.translation import pgettext_lazy

        from shequ.core import auditlabels

        from . import models

        auditlabels.register(actions={
            "dual_register": pgettext_lazy("audit", "Dual-report registration"),
            "dual_posts": pgettext_lazy("audit", "Service posts chosen"),
            "dual_end": pgettext_lazy("audit", "Dual-report registration ended"),
            "fallback_attach": pgettext_lazy("audit", "Member attached for fallback management"),
            "liaison_add": pgettext_lazy("audit", "Unit liaison added"),
            "liaison_remove": pgettext_lazy("audit", "Unit liaison removed"),
            "confirmed": pgettext_lazy("audit", "Confirmed"),
            "rejected": pgettext_lazy("audit", "Rejected"),
        }, entities={
            "dual_registration": models.DualRegistration, "service_post": models.ServicePost,
            "service_log": models.ServiceLog, "unit_report": models.UnitReport,
        }, fields={"posts": pgettext_lazy("audit", "Service posts")})
