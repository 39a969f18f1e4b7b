"""Who may do what with volunteers, service work and the points bank. Roles receive these
actions through ``register_role_actions`` in ``VolunteersConfig.ready()``.

Residents and party members act on their *own* rows (their volunteer profile, check-ins,
points, transfers): services check ``resident.user == actor`` for those, because the
territory actions below are for staff."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.scoping import may, require_at
from shequ.registry.selectors import is_within, lives_in, resident_of  # noqa: F401 - re-exported


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


can = may


def require(actor, action: str, path: str, *, view_action: str = Action.VIEW_VOLUNTEERS) -> None:
    """Refuse unless ``actor`` holds ``action`` over ``path``; someone who cannot even see
    the object is told it does not exist."""
    require_at(actor, action, path, view_action=view_action)


def is_self(actor, resident) -> bool:
    """Whether ``actor`` is the signed-in account of ``resident``."""
    return (actor is not None and resident is not None and resident.user_id is not None
            and resident.user_id == getattr(actor, "pk", None))


