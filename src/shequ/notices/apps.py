from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "shequ.notices"
    label = "notices"
    verbose_name = _("Notices and notifications")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.home import HomePanel
        from shequ.core.menus import MenuItem

        from . import figures, home
        from .errors import NoticeErrorCode
        from .models import Notice
        from .policies import POLICIES, ROLE_ACTIONS, Action

        manifest.register(manifest.AppManifest(
            label=self.label,
            error_codes=[NoticeErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="notices-sent", group="activities", label=_("Notices sent"),
                         url_name="notices:sent-list", action=Action.VIEW_NOTICES, order=41),
                MenuItem(key="notices-me", group="mine", label=_("Notices"),
                         url_name="notices:my-list", action=None, order=81),
                MenuItem(key="notifications", group="mine", label=_("Notifications"),
                         url_name="notices:centre", action=None, order=82),
            ],
            home_panels=[HomePanel(key="notices-unread", data=home.unread_panel, action=None,
                                   order=5)],
            audit_labels=manifest.AuditLabels(actions={
                "notice_create": pgettext_lazy("audit", "Notice written"),
                "notice_publish": pgettext_lazy("audit", "Notice published"),
                "notice_remind": pgettext_lazy("audit", "Notice reminder sent"),
                "notice_withdraw": pgettext_lazy("audit", "Notice withdrawn"),
                "notification_preference": pgettext_lazy("audit",
                                                         "Notification preference set"),
            }, entities={"notice": Notice}, fields={
                "recipients": pgettext_lazy("audit", "Recipients"),
                "reminded": pgettext_lazy("audit", "Reminded"),
                "orgs": pgettext_lazy("audit", "Party organisations"),
                "files": pgettext_lazy("audit", "Attachments"),
                "cadence": pgettext_lazy("audit", "When"),
                "channel": pgettext_lazy("audit", "Channel"),
            }),
            figures=figures.FIGURES,
        ))
