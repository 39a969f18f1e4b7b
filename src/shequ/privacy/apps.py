from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "shequ.privacy"
    label = "privacy"
    verbose_name = _("Personal data requests")

    def ready(self):
        from shequ.accounts.roles import register_role_actions
        from shequ.core import menus, retention
        from shequ.territory.services import register_path_follower

        from .permissions import ROLE_ACTIONS, Action
        from .services import closed_requests_purge

        register_role_actions(ROLE_ACTIONS)
        menus.register(menus.MenuItem(
            key="data-requests", group="people", label=_("Personal data requests"),
            url_name="privacy:requests", action=Action.HANDLE_REQUESTS, order=80))
        menus.register(menus.MenuItem(
            key="my-data", group="mine", label=_("My data"), url_name="privacy:my-data",
            action=Action.OWN_DATA, order=95))
        retention.register(category="closed_data_requests",
                           label=_("Closed personal data requests"),
                           disposal=retention.Disposal.DELETE, apply=closed_requests_purge)

        from django.utils.translation import pgettext_lazy

        from shequ.core import auditlabels

        auditlabels.register(actions={
            "data_request": pgettext_lazy("audit", "Personal data request logged"),
            "data_request_close": pgettext_lazy("audit", "Personal data request answered"),
        })

        def model():
            from .models import DataRequest
            return DataRequest

        # A request keeps the resident's home path for scoping: it moves with the building.
        register_path_follower(model, "resident__household__entrance__building")
