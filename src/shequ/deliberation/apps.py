from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliberationConfig(AppConfig):
    name = "shequ.deliberation"
    label = "deliberation"
    verbose_name = _("Key-matter deliberation")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from .errors import DeliberationErrorCode
        from .models import Matter, Meeting, Resolution, Task
        from .policies import POLICIES, ROLE_ACTIONS, Action

        step = {s: pgettext_lazy("audit", label) for s, label in (
            ("matter_create", "Matter drafted"), ("matter_edit", "Matter edited"),
            ("matter_submit", "Matter proposed"),
            ("matter_approve", "Matter approved for deliberation"),
            ("matter_return", "Matter returned with comments"),
            ("matter_schedule", "Matter put on the agenda"), ("matter_decide", "Matter decided"),
            ("matter_execute", "Matter execution started"), ("matter_task", "Matter task changed"),
            ("matter_complete", "Matter completed"),
            ("matter_disclose", "Matter disclosure changed"),
            ("meeting_create", "Meeting created"), ("agenda_add", "Agenda item added"),
            ("invite", "Invited to a meeting"), ("attendance", "Attendance recorded"),
            ("vote", "Vote recorded"), ("minutes", "Minutes written"),
            ("meeting_close", "Meeting closed"), ("resolution_add", "Resolution assigned"),
            ("resolution_follow_up", "Resolution followed up"))}
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
            ],
            audit_labels=manifest.AuditLabels(actions=step, entities={
                "matter": Matter, "meeting": Meeting, "resolution": Resolution, "task": Task}),
        ))
