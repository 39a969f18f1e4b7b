"""Who may do what with 要事联商: the actions, which roles hold them (declared in the app's
manifest) and the permission policies of its records. Community staff propose, pre-review
(the community party committee's secretary is community staff), run the meetings and the
execution; street and district administrators may do the same for their communities; the
监委会 reads everything and changes nothing. A unit's liaison sees the 联席会议 resolutions
assigned to their unit (wherever it is) and follows them up, and nothing else."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core import manifest
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy

from .models import Matter, Meeting, Resolution, Task


class Action:
    VIEW_MATTERS = "view_matters"
    PROPOSE_MATTERS = "propose_matters"
    REVIEW_MATTERS = "review_matters"  # 党组织前置审议
    RUN_MEETINGS = "run_meetings"  # 议事会 and 联席会议: agenda, attendance, votes, minutes
    EXECUTE_MATTERS = "execute_matters"  # 居委会: tasks, progress, evidence
    FOLLOW_UP_RESOLUTIONS = "follow_up_resolutions"  # a resolution's status and progress
    # Unit liaisons: their units' resolutions (the menu entry and home panel; which rows is
    # the unit a resolution is assigned to, never the place).
    UNIT_RESOLUTIONS = "unit_resolutions"


_RUN = {Action.VIEW_MATTERS, Action.PROPOSE_MATTERS, Action.REVIEW_MATTERS,
        Action.RUN_MEETINGS, Action.EXECUTE_MATTERS, Action.FOLLOW_UP_RESOLUTIONS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: set(_RUN),
    Role.STREET_ADMIN: set(_RUN),
    Role.COMMUNITY_STAFF: set(_RUN),
    Role.SUPERVISOR: {Action.VIEW_MATTERS},
    Role.UNIT_LIAISON: {Action.UNIT_RESOLUTIONS},
}


def unit_ids(user) -> frozenset[int]:
    """The units whose resolutions ``user`` answers for: none unless they hold
    ``UNIT_RESOLUTIONS``; read once per request (cached on the user)."""
    if is_system(user) or user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_deliberation_units", None)
    if cached is None:
        cached = manifest.units_of(user) if user.can(Action.UNIT_RESOLUTIONS) else frozenset()
        user._deliberation_units = cached
    return cached


class DeliberationPolicy(ModelPolicy):
    """Matters, meetings, tasks and resolutions sit at their community; staff who cannot
    see one are told it does not exist."""

    view_action = Action.VIEW_MATTERS


class ResolutionPolicy(DeliberationPolicy):
    """A resolution also belongs to the unit it is assigned to: the unit's liaison sees it
    and follows it up; another unit's, or a resolution they only share a place with, does
    not exist for them."""

    _UNIT_ACTIONS = (Action.VIEW_MATTERS, Action.FOLLOW_UP_RESOLUTIONS)

    def allows(self, user, action, obj):
        if isinstance(obj, Resolution) and action in self._UNIT_ACTIONS \
                and obj.unit_id in unit_ids(user):
            return True
        return None

    def instances_for(self, user, action=None):
        rows = super().instances_for(user, action)
        units = unit_ids(user) if (action or self.view_action) in self._UNIT_ACTIONS else ()
        if units:
            rows = rows | Resolution.objects.filter(unit_id__in=units)
        return rows


matter_policy = DeliberationPolicy(Matter)
meeting_policy = DeliberationPolicy(Meeting)
task_policy = DeliberationPolicy(Task)
resolution_policy = ResolutionPolicy(Resolution)

POLICIES = (matter_policy, meeting_policy, task_policy, resolution_policy)
