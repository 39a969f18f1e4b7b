from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "shequ.volunteers"
    label = "volunteers"
    verbose_name = _("Volunteers and the points bank")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.home import HomePanel
        from shequ.core.menus import MenuItem

        from . import figures, home, models
        from .policies import POLICIES, ROLE_ACTIONS, Action
        from .services import volunteer_follow_home

        labels = manifest.AuditLabels(actions={
            "points_earn": pgettext_lazy("audit", "Points earned"),
            "points_spend": pgettext_lazy("audit", "Points spent"),
            "points_transfer_in": pgettext_lazy("audit", "Points received from family"),
            "points_transfer_out": pgettext_lazy("audit", "Points given to family"),
            "points_adjust": pgettext_lazy("audit", "Points corrected"),
            "verify": pgettext_lazy("audit", "Service hours verified"),
            "collect": pgettext_lazy("audit", "Reward collected"),
            "restock": pgettext_lazy("audit", "Reward restocked"),
            "dissolve": pgettext_lazy("audit", "Team dissolved"),
            "set_members": pgettext_lazy("audit", "Team members changed"),
            "propose": pgettext_lazy("audit", "Volunteers proposed"),
            "mark_attendance": pgettext_lazy("audit", "Attendance recorded"),
            "done": pgettext_lazy("audit", "Need completed"),
            "cancelled": pgettext_lazy("audit", "Cancelled"),
            "accepted": pgettext_lazy("audit", "Accepted"),
            "declined": pgettext_lazy("audit", "Declined"),
        }, entities={
            "volunteer": models.Volunteer, "service_need": models.ServiceNeed,
            "assignment": models.Assignment, "service_project": models.ServiceProject,
            "service_org": models.ServiceOrganisation, "service_record": models.ServiceRecord,
            "skill": models.Skill, "points_account": models.PointsAccount,
            "points_rate": models.PointsRate, "reward": models.Reward,
            "redemption": models.Redemption,
        }, fields={
            "skills": pgettext_lazy("audit", "Skills"),
            "stock": pgettext_lazy("audit", "Stock"),
            "points": pgettext_lazy("audit", "Points"),
            "cost": pgettext_lazy("audit", "Cost"),
            "people_needed": pgettext_lazy("audit", "People needed"),
        })
        # Rows that copy a resident's home path move with the building. Points entries keep
        # the path they were made at: the ledger is append-only (and the database refuses
        # an UPDATE of it).
        resident_home = "resident__household__entrance__building"
        from .errors import VolunteerError

        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            error_codes=[VolunteerError],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="volunteers", group="volunteering", label=_("Volunteers"),
                         url_name="volunteers:volunteer-list",
                         action=Action.VIEW_VOLUNTEERS, order=40),
                MenuItem(key="needs", group="volunteering", label=_("Service needs"),
                         url_name="volunteers:need-list",
                         action=Action.VIEW_VOLUNTEERS, order=41),
                MenuItem(key="service-projects", group="volunteering", label=_("Service projects"),
                         url_name="volunteers:project-list", action=Action.VIEW_VOLUNTEERS,
                         order=41),
                MenuItem(key="teams", group="volunteering", label=_("Teams"),
                         url_name="volunteers:team-list",
                         action=Action.VIEW_VOLUNTEERS, order=41),
                MenuItem(key="verify", group="volunteering", label=_("Verify hours"),
                         url_name="volunteers:record-queue", action=Action.VERIFY_SERVICE,
                         order=42),
                MenuItem(key="points", group="volunteering", label=_("Points bank"),
                         url_name="volunteers:points-overview", action=Action.VIEW_POINTS,
                         order=43),
                MenuItem(key="rewards", group="volunteering", label=_("Rewards"),
                         url_name="volunteers:reward-list",
                         action=Action.VIEW_POINTS, order=43),
                MenuItem(key="volunteering-settings", group="volunteering",
                         label=_("Volunteering settings"),
                         url_name="volunteers:configuration", action=Action.CONFIGURE,
                         order=85),
                MenuItem(key="me-volunteer", group="mine", label=_("My volunteering"),
                         url_name="volunteers:me", action=Action.SELF_SERVICE, order=90),
                MenuItem(key="me-points", group="mine", label=_("My points"),
                         url_name="volunteers:points-me", action=Action.SELF_SERVICE,
                         order=91),
            ],
            path_followers=[
                manifest.PathFollower(models.Volunteer, resident_home),
                manifest.PathFollower(models.PointsAccount, resident_home),
                manifest.PathFollower(models.Redemption, f"account__{resident_home}"),
            ],
            # Paths follow a resident's move through the followers above; this also moves
            # the home building and position that matching measures distance from.
            move_hooks=[volunteer_follow_home],
            home_panels=[
                HomePanel(key="volunteers-verify", data=home.verify_panel,
                          action=home.verifies_in_community, order=30),
                HomePanel(key="volunteers-points", data=home.points_panel,
                          action=Action.SELF_SERVICE, order=30),
            ],
            audit_labels=labels,
        ))
