"""Who may do what in 平安联护: the actions, which roles hold them (declared in the app's
manifest) and one permission policy per scoped model.

Staff act by place (routes, coverage, plans and the pool of their area); a patrol member —
a resident, party member or unit guard with an account in the pool — acts on *their own*
shifts (check-in, swap requests, incidents on patrol), checked on the row in
:meth:`PatrolPolicy.allows`."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy

from .models import (
    BuildingRating,
    CheckIn,
    Checkpoint,
    Coverage,
    Incident,
    PatrolMember,
    Route,
    Shift,
    ShiftPlan,
    SwapRequest,
)


class Action:
    VIEW_PATROLS = "view_patrols"
    MANAGE_PATROLS = "manage_patrols"  # pool, routes, coverage, plans, swaps, ratings
    REPORT_INCIDENTS = "report_incidents"  # record incidents in the grid, file them as cases
    # Members act on their own shifts; this only puts "My shifts" in their menu.
    SELF_SERVICE = "patrol_self_service"


_VIEW = {Action.VIEW_PATROLS}
_MANAGE = {Action.VIEW_PATROLS, Action.MANAGE_PATROLS, Action.REPORT_INCIDENTS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: set(_MANAGE),
    Role.STREET_ADMIN: set(_MANAGE),
    Role.COMMUNITY_STAFF: set(_MANAGE),
    Role.GRID_WORKER: _VIEW | {Action.REPORT_INCIDENTS, Action.SELF_SERVICE},
    Role.SUPERVISOR: set(_VIEW),
    Role.UNIT_LIAISON: {Action.SELF_SERVICE},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
    Role.RESIDENT: {Action.SELF_SERVICE},
}

# What a member may do to their own rows (a shift, its check-ins, a swap they asked for).
OWN_ROW_ACTIONS = {Action.VIEW_PATROLS, Action.SELF_SERVICE}


def own_member_ids(user) -> set[int]:
    """The pool rows that are ``user``'s account (one per community they patrol in)."""
    if user is None or is_system(user) or not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_patrol_member_ids", None)
    if cached is None:
        cached = set(PatrolMember.objects.filter(user=user, is_active=True)
                     .values_list("pk", flat=True))
        user._patrol_member_ids = cached
    return cached


def is_patrol_member(user) -> bool:
    """Whether ``user`` is in a security pool (the menu's and home panel's predicate)."""
    return bool(own_member_ids(user))


class PatrolPolicy(ModelPolicy):
    """Patrol records sit at their grid (a member at their community, a plan at its area);
    staff who cannot see one are told it does not exist. A member sees and acts on their
    own shifts, swap requests and check-ins wherever they are."""

    view_action = Action.VIEW_PATROLS

    def allows(self, user, action, obj):
        if action not in OWN_ROW_ACTIONS or isinstance(obj, str):
            return None
        member_id = _member_of(obj)
        if member_id is not None and member_id in own_member_ids(user):
            return True
        return None


def _member_of(obj) -> int | None:
    if isinstance(obj, PatrolMember):
        return obj.pk
    if isinstance(obj, Shift):
        return obj.member_id
    if isinstance(obj, SwapRequest):
        return obj.from_member_id
    if isinstance(obj, CheckIn):
        return obj.shift.member_id
    return None


member_policy = PatrolPolicy(PatrolMember)
route_policy = PatrolPolicy(Route)
checkpoint_policy = PatrolPolicy(Checkpoint)
coverage_policy = PatrolPolicy(Coverage)
plan_policy = PatrolPolicy(ShiftPlan)
shift_policy = PatrolPolicy(Shift)
swap_policy = PatrolPolicy(SwapRequest)
checkin_policy = PatrolPolicy(CheckIn)
incident_policy = PatrolPolicy(Incident)
rating_policy = PatrolPolicy(BuildingRating)

POLICIES = (member_policy, route_policy, checkpoint_policy, coverage_policy, plan_policy,
            shift_policy, swap_policy, checkin_policy, incident_policy, rating_policy)
