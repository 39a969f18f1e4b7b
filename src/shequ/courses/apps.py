from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "shequ.courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from . import figures
        from .models import Attendance, Course, CourseSession, Enrolment
        from .policies import POLICIES, ROLE_ACTIONS, Action

        home = "resident__household__entrance__building"
        from .errors import CourseErrorCode

        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            error_codes=[CourseErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="courses", group="activities", label=_("Courses"),
                         url_name="courses:course-list", action=Action.VIEW_COURSES, order=47),
                MenuItem(key="courses-me", group="mine", label=_("Courses"),
                         url_name="courses:course-list", action=Action.SELF_SERVICE, order=94),
                MenuItem(key="study-me", group="mine", label=_("My study record"),
                         url_name="courses:study-me", action=Action.SELF_SERVICE, order=95),
            ],
            path_followers=[manifest.PathFollower(Enrolment, home),
                            manifest.PathFollower(Attendance, home)],
            audit_labels=manifest.AuditLabels(actions={
                "add_session": pgettext_lazy("audit", "Session added"),
                "update_session": pgettext_lazy("audit", "Session changed"),
                "enrol": pgettext_lazy("audit", "Enrolled"),
                "withdraw": pgettext_lazy("audit", "Withdrew"),
                "roll_call": pgettext_lazy("audit", "Roll call"),
            }, entities={"course": Course, "course_session": CourseSession}),
        ))
