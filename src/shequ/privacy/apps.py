from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "shequ.privacy"
    label = "privacy"
    verbose_name = _("Personal data requests")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest, retention
        from shequ.core.menus import MenuItem

        from .models import DataRequest
        from .policies import POLICIES, ROLE_ACTIONS, Action
        from .services import closed_requests_purge

        manifest.register(manifest.AppManifest(
            label=self.label,
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="data-requests", group="people", label=_("Personal data requests"),
                         url_name="privacy:requests", action=Action.HANDLE_REQUESTS, order=80),
                MenuItem(key="my-data", group="mine", label=_("My data"),
                         url_name="privacy:my-data", action=Action.OWN_DATA, order=95),
            ],
            # A request keeps the resident's home path for scoping: it moves with the building.
            path_followers=[manifest.PathFollower(DataRequest,
                                                  "resident__household__entrance__building")],
            audit_labels=manifest.AuditLabels(actions={
                "data_request": pgettext_lazy("audit", "Personal data request logged"),
                "data_request_close": pgettext_lazy("audit", "Personal data request answered"),
            }),
            retention=[retention.Policy(
                category="closed_data_requests", label=_("Closed personal data requests"),
                disposal=retention.Disposal.DELETE, apply=closed_requests_purge)],
        ))
