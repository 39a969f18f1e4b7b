"""Who may do what with volunteers, service work and the points bank: the actions, which
roles hold them (declared in the app's manifest, ``VolunteersConfig.ready()``), and one
permission policy per scoped model (``core.policies``). Services, selectors, views and the
API ask these policies; none asks the scoping engine directly.

Residents and party members act on their *own* rows (their volunteer profile, check-ins,
points, transfers): services check ``is_self`` for those, because the territory actions
below are for staff."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy
from shequ.registry.selectors import resident_of  # noqa: F401 - re-exported

from .models import (
    Assignment,
    PointsAccount,
    PointsEntry,
    Redemption,
    Reward,
    ServiceNeed,
    ServiceOrganisation,
    ServiceProject,
    ServiceRecord,
    Volunteer,
)


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


class VolunteeringPolicy(ModelPolicy):
    """Volunteers, teams, projects, needs, assignments and service records sit at a place
    (a home, a community, a building); staff who may not view volunteers there are told
    the record does not exist."""

    view_action = Action.VIEW_VOLUNTEERS


class PointsPolicy(ModelPolicy):
    """Accounts, entries, rewards and redemptions of the points bank: seen with
    VIEW_POINTS at their place."""

    view_action = Action.VIEW_POINTS


volunteer_policy = VolunteeringPolicy(Volunteer)
organisation_policy = VolunteeringPolicy(ServiceOrganisation)
project_policy = VolunteeringPolicy(ServiceProject)
need_policy = VolunteeringPolicy(ServiceNeed)
assignment_policy = VolunteeringPolicy(Assignment)
record_policy = VolunteeringPolicy(ServiceRecord)
account_policy = PointsPolicy(PointsAccount)
entry_policy = PointsPolicy(PointsEntry)
reward_policy = PointsPolicy(Reward)
redemption_policy = PointsPolicy(Redemption)

POLICIES = (volunteer_policy, organisation_policy, project_policy, need_policy,
            assignment_policy, record_policy, account_policy, entry_policy, reward_policy,
            redemption_policy)


def is_self(actor, resident) -> bool:
    """Whether ``actor`` is the signed-in account of ``resident``."""
    return (actor is not None and resident is not None and resident.user_id is not None
            and resident.user_id == getattr(actor, "pk", None))


def user_or_none(actor):
    """The account to store in a ``*_by`` column: the signed-in user, or None when the
    system (``core.actors.SYSTEM``) acts."""
    return actor if getattr(actor, "pk", None) else None
