"""Who may do what in the 15-minute circle: staff see the points, the coverage and the map
of their area; administrators and community staff keep the points and recompute."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import BuildingCoverage, CoverageRun, ServicePoint


class Action:
    VIEW_CIRCLE = "view_service_circle"
    MANAGE_POINTS = "manage_service_points"  # points, imports, recomputing the circle


_VIEW = {Action.VIEW_CIRCLE}
_MANAGE = {Action.VIEW_CIRCLE, Action.MANAGE_POINTS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: set(_MANAGE),
    Role.STREET_ADMIN: set(_MANAGE),
    Role.COMMUNITY_STAFF: set(_MANAGE),
    Role.GRID_WORKER: set(_VIEW),
    Role.SUPERVISOR: set(_VIEW),
}

point_policy = ModelPolicy(ServicePoint, view_action=Action.VIEW_CIRCLE)
coverage_policy = ModelPolicy(BuildingCoverage, view_action=Action.VIEW_CIRCLE)
run_policy = ModelPolicy(CoverageRun, view_action=Action.VIEW_CIRCLE)

POLICIES = (point_policy, coverage_policy, run_policy)
