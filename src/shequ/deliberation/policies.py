"""Who may do what with 要事联商: the actions, which roles hold them (declared in the app's
manifest) and the permission policies of its records. Community staff propose, pre-review
(the community party committee's secretary is community staff), run the meetings and the
execution; street and district administrators may do the same for their communities; the
监委会 reads everything and changes nothing."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import Matter, Meeting, Resolution, Task


class Action:
    VIEW_MATTERS = "view_matters"
    PROPOSE_MATTERS = "propose_matters"
    REVIEW_MATTERS = "review_matters"  # 党组织前置审议
    RUN_MEETINGS = "run_meetings"  # 议事会 and 联席会议: agenda, attendance, votes, minutes
    EXECUTE_MATTERS = "execute_matters"  # 居委会: tasks, progress, evidence


_RUN = {Action.VIEW_MATTERS, Action.PROPOSE_MATTERS, Action.REVIEW_MATTERS,
        Action.RUN_MEETINGS, Action.EXECUTE_MATTERS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: set(_RUN),
    Role.STREET_ADMIN: set(_RUN),
    Role.COMMUNITY_STAFF: set(_RUN),
    Role.SUPERVISOR: {Action.VIEW_MATTERS},
}


class DeliberationPolicy(ModelPolicy):
    """Matters, meetings, tasks and resolutions sit at their community; staff who cannot
    see one are told it does not exist."""

    view_action = Action.VIEW_MATTERS


matter_policy = DeliberationPolicy(Matter)
meeting_policy = DeliberationPolicy(Meeting)
task_policy = DeliberationPolicy(Task)
resolution_policy = DeliberationPolicy(Resolution)

POLICIES = (matter_policy, meeting_policy, task_policy, resolution_policy)
