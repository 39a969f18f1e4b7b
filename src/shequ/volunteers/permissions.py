"""Who may do what with volunteers, service work and the points bank. Roles receive these
actions through ``register_role_actions`` in ``VolunteersConfig.ready()``.

Residents and party members act on their *own* rows (their volunteer profile, check-ins,
points, transfers): services check ``resident.user == actor`` for those, because the
territory actions below are for staff."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

from shequ.accounts.roles import Role
from shequ.core.errors import Forbidden, NotFound


class Action:
    VIEW_VOLUNTEERS = "view_volunteers"
    MANAGE_VOLUNTEERS = "manage_volunteers"  # volunteers, teams, projects, needs, matching
    POST_NEEDS = "post_needs"  # a grid worker posts a need for a resident in their grid
    VERIFY_SERVICE = "verify_service"  # mark attendance, verify or reject service hours
    CONFIGURE = "configure_volunteering"  # the managed skill list and the points rates
    VIEW_POINTS = "view_points"
    MANAGE_POINTS = "manage_points"  # catalogue, configured awards, hand over rewards
    ADJUST_POINTS = "adjust_points"  # corrections with a reason
    # Residents and party members: only shows them their own pages in the menu; their
    # rights over their own rows are checked on the row (is_self).
    SELF_SERVICE = "volunteer_self_service"


_STAFF = {Action.VIEW_VOLUNTEERS, Action.MANAGE_VOLUNTEERS, Action.POST_NEEDS,
          Action.VERIFY_SERVICE, Action.VIEW_POINTS, Action.MANAGE_POINTS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: _STAFF | {Action.CONFIGURE, Action.ADJUST_POINTS},
    Role.STREET_ADMIN: _STAFF | {Action.ADJUST_POINTS},
    Role.COMMUNITY_STAFF: set(_STAFF),
    Role.GRID_WORKER: {Action.VIEW_VOLUNTEERS, Action.POST_NEEDS},
    Role.SUPERVISOR: {Action.VIEW_VOLUNTEERS, Action.VIEW_POINTS},
    Role.RESIDENT: {Action.SELF_SERVICE},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
}


def can(actor, action: str, path: str) -> bool:
    """``None`` is the system (commands, other apps' services acting for it)."""
    return actor is None or actor.scope_for(action).covers_path(path)


def require(actor, action: str, path: str, *, view_action: str = Action.VIEW_VOLUNTEERS) -> None:
    """Refuse unless ``actor`` holds ``action`` over ``path``; someone who cannot even see
    the object is told it does not exist."""
    if can(actor, action, path):
        return
    if actor is not None and not actor.scope_for(view_action).covers_path(path):
        raise NotFound()
    raise Forbidden()


def is_self(actor, resident) -> bool:
    """Whether ``actor`` is the signed-in account of ``resident``."""
    return (actor is not None and resident is not None and resident.user_id is not None
            and resident.user_id == getattr(actor, "pk", None))


def resident_of(actor):
    """The resident record linked to ``actor``'s account, or None."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    try:
        return actor.resident
    except ObjectDoesNotExist:
        return None
