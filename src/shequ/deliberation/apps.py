from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "shequ.deliberation"
    label = "deliberation"
    verbose_name = _("Key-matter deliberation")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.home import HomePanel
        from shequ.core.menus import MenuItem

        from . import figures, home, supervised
        from .errors import DeliberationErrorCode
        from .models import Matter, Meeting, Resolution, Task
        from .policies import POLICIES, ROLE_ACTIONS, Action

        step = {
            "matter_create": pgettext_lazy("audit", "Matter drafted"),
            "matter_edit": pgettext_lazy("audit", "Matter edited"),
            "matter_submit": pgettext_lazy("audit", "Matter proposed"),
            "matter_approve": pgettext_lazy("audit", "Matter approved for deliberation"),
            "matter_return": pgettext_lazy("audit", "Matter returned with comments"),
            "matter_schedule": pgettext_lazy("audit", "Matter put on the agenda"),
            "matter_decide": pgettext_lazy("audit", "Matter decided"),
            "matter_execute": pgettext_lazy("audit", "Matter execution started"),
            "matter_task": pgettext_lazy("audit", "Matter task changed"),
            "matter_complete": pgettext_lazy("audit", "Matter completed"),
            "matter_disclose": pgettext_lazy("audit", "Matter disclosure changed"),
            "meeting_create": pgettext_lazy("audit", "Meeting created"),
            "agenda_add": pgettext_lazy("audit", "Agenda item added"),
            "invite": pgettext_lazy("audit", "Invited to a meeting"),
            "attendance": pgettext_lazy("audit", "Attendance recorded"),
            "vote": pgettext_lazy("audit", "Vote recorded"),
            "minutes": pgettext_lazy("audit", "Minutes written"),
            "meeting_close": pgettext_lazy("audit", "Meeting closed"),
            "resolution_add": pgettext_lazy("audit", "Resolution assigned"),
            "resolution_follow_up": pgettext_lazy("audit", "Resolution followed up"),
        }
        manifest.register(manifest.AppManifest(
            label=self.label,
            error_codes=[DeliberationErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="matters", group="activities", label=_("Key matters"),
                         url_name="deliberation:matter-list", action=Action.VIEW_MATTERS,
                         order=48),
                MenuItem(key="meetings", group="activities", label=_("Council meetings"),
                         url_name="deliberation:meeting-list", action=Action.VIEW_MATTERS,
                         order=49),
                MenuItem(key="unit-resolutions", group="party",
                         label=_("My unit's resolutions"), url_name="deliberation:resolution-mine",
                         action=Action.UNIT_RESOLUTIONS, order=47),
            ],
            home_panels=[HomePanel(key="deliberation-unit", data=home.unit_panel,
                                   action=Action.UNIT_RESOLUTIONS, order=11)],
            audit_labels=manifest.AuditLabels(actions=step, entities={
                "matter": Matter, "meeting": Meeting, "resolution": Resolution, "task": Task}),
            supervised=[supervised.SUBJECT],
            figures=figures.FIGURES,
        ))
