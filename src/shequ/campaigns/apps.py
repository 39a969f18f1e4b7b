from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "shequ.campaigns"
    label = "campaigns"
    verbose_name = _("Activities and selections")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.home import HomePanel
        from shequ.core.menus import MenuItem

        from . import figures, home
        from .models import Activity, Selection, Signup, Vote
        from .policies import POLICIES, ROLE_ACTIONS, Action

        menu = []
        for action, order, group in ((Action.VIEW_CAMPAIGNS, 45, "activities"),
                                     (Action.SELF_SERVICE, 92, "mine")):
            menu += [
                MenuItem(key=f"activities-{order}", label=_("Activities"), group=group,
                         url_name="campaigns:activity-list", action=action, order=order),
                MenuItem(key=f"selections-{order}", label=_("Selections"), group=group,
                         url_name="campaigns:selection-list", action=action, order=order + 1),
            ]
        from .errors import CampaignErrorCode

        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            error_codes=[CampaignErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=menu,
            path_followers=[
                manifest.PathFollower(Signup, "resident__household__entrance__building"),
                manifest.PathFollower(Vote, "voter__household__entrance__building"),
            ],
            home_panels=[
                HomePanel(key="campaigns-staff", data=home.activities_panel,
                          action=home.runs_activities_in_community, order=40),
                HomePanel(key="campaigns-mine", data=home.my_activities_panel,
                          action=Action.SELF_SERVICE, order=25),
            ],
            audit_labels=manifest.AuditLabels(actions={
                "cancel_sign_up": pgettext_lazy("audit", "Sign-up cancelled"),
                "attendance": pgettext_lazy("audit", "Attendance recorded"),
                "photo": pgettext_lazy("audit", "Photo added"),
                "report": pgettext_lazy("audit", "Activity report written"),
                "nominate": pgettext_lazy("audit", "Nominated"),
                "nomination_accepted": pgettext_lazy("audit", "Nomination accepted"),
                "nomination_rejected": pgettext_lazy("audit", "Nomination not accepted"),
                "open_voting": pgettext_lazy("audit", "Voting opened"),
                "vote": pgettext_lazy("audit", "Voted"),
                "publish": pgettext_lazy("audit", "Result published"),
            }, entities={"activity": Activity, "selection": Selection}, fields={
                "votes": pgettext_lazy("audit", "Votes"),
                "nomination": pgettext_lazy("audit", "Nomination"),
                "attended": pgettext_lazy("audit", "Attended"),
                "opens_at": pgettext_lazy("audit", "Voting opens"),
                "closes_at": pgettext_lazy("audit", "Voting closes"),
            }),
        ))
