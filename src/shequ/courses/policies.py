"""Who may do what with courses: the actions, which roles hold them (declared in the app's
manifest) and the permission policy of the courses' records. Residents enrol and check in
themselves (checked on the row); a party member reads their own study record."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import Attendance, Course, Enrolment


class Action:
    VIEW_COURSES = "view_courses"
    MANAGE_COURSES = "manage_courses"
    SELF_SERVICE = "courses_self_service"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_COURSES, Action.MANAGE_COURSES},
    Role.STREET_ADMIN: {Action.VIEW_COURSES, Action.MANAGE_COURSES},
    Role.COMMUNITY_STAFF: {Action.VIEW_COURSES, Action.MANAGE_COURSES},
    Role.SUPERVISOR: {Action.VIEW_COURSES},
    Role.GRID_WORKER: {Action.VIEW_COURSES},
    Role.RESIDENT: {Action.SELF_SERVICE},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
}


class CoursePolicy(ModelPolicy):
    """A course sits at its community, a learner's enrolment and attendance at their home.
    Staff who cannot see one are told it does not exist."""

    view_action = Action.VIEW_COURSES


course_policy = CoursePolicy(Course)
enrolment_policy = CoursePolicy(Enrolment)
attendance_policy = CoursePolicy(Attendance)

POLICIES = (course_policy, enrolment_policy, attendance_policy)


