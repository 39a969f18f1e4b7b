"""Who reads the dashboard, and where: the staff and supervisors who hold a territory, over
their own subtree. The dashboard's area policy is not registered for ``Area`` (the
territory's own policy answers for that model); it answers the dashboard's one question —
may this actor read the figures of this area — and, per figure, the figure's own action
over the whole area (``Figure.action``), so a number is never shown to someone who could
not list the records behind it."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy
from shequ.territory.models import Area


class Action:
    VIEW_DASHBOARD = "view_dashboard"
    # Refresh the cached figures by hand (the worker does it on its own schedule).
    REFRESH_DASHBOARD = "refresh_dashboard"


ROLE_ACTIONS = {
    Role.DISTRICT_ADMIN: {Action.VIEW_DASHBOARD, Action.REFRESH_DASHBOARD},
    Role.STREET_ADMIN: {Action.VIEW_DASHBOARD, Action.REFRESH_DASHBOARD},
    Role.COMMUNITY_STAFF: {Action.VIEW_DASHBOARD},
    Role.GRID_WORKER: {Action.VIEW_DASHBOARD},
    Role.SUPERVISOR: {Action.VIEW_DASHBOARD},
}


class DashboardPolicy(ModelPolicy):
    view_action = Action.VIEW_DASHBOARD

    def shows(self, user, figure, area) -> bool:
        """Whether ``user`` may read ``figure`` over the whole of ``area``."""
        return self.can(user, figure.action, area)


dashboard_policy = DashboardPolicy(Area)
