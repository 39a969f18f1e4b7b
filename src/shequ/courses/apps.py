from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "shequ.courses"
    label = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from shequ.accounts.roles import register_role_actions
        from shequ.core import menus
        from shequ.territory.services import register_path_follower

        from .permissions import ROLE_ACTIONS, Action

        register_role_actions(ROLE_ACTIONS)
        menus.register(menus.MenuItem(key="courses", group="activities", label=_("Courses"),
                                      url_name="courses:course-list",
                                      action=Action.VIEW_COURSES, order=47))
        menus.register(menus.MenuItem(key="courses-me", group="mine", label=_("Courses"),
                                      url_name="courses:course-list",
                                      action=Action.SELF_SERVICE, order=94))
        menus.register(menus.MenuItem(key="study-me", group="mine", label=_("My study record"),
                                      url_name="courses:study-me",
                                      action=Action.SELF_SERVICE, order=95))

        def model(name):
            def get():
                from . import models
                return getattr(models, name)
            return get

        register_path_follower(model("Enrolment"), "resident__household__entrance__building")
        register_path_follower(model("Attendance"), "resident__household__entrance__building")

        from django.utils.translation import pgettext_lazy

        from shequ.core import auditlabels

        from .models import Course, CourseSession

        auditlabels.register(actions={
            "add_session": pgettext_lazy("audit", "Session added"),
            "update_session": pgettext_lazy("audit", "Session changed"),
            "enrol": pgettext_lazy("audit", "Enrolled"),
            "withdraw": pgettext_lazy("audit", "Withdrew"),
            "roll_call": pgettext_lazy("audit", "Roll call"),
        }, entities={"course": Course, "course_session": CourseSession})
