"""Who may do what with cases: the ledger actions, which roles hold them, and the object
checks the services share. Roles get these actions through ``register_role_actions`` in
``LedgersConfig.ready()``, so the accounts table does not import this app."""

from __future__ import annotations

from shequ.accounts.models import Grant
from shequ.accounts.roles import Action as AccountAction
from shequ.accounts.roles import Role
from shequ.core.scoping import PATH_END, may, require_at
from shequ.registry.selectors import is_within, lives_in, resident_of  # noqa: F401 - re-exported
from shequ.territory.models import AreaKind


class Action:
    VIEW_CASES = "view_cases"
    HANDLE_CASES = "handle_cases"  # take in, start, resolve, escalate, rate, link
    ASSIGN_CASES = "assign_cases"  # dispatch to a grid worker, reject, close
    SUPERVISE_CASES = "supervise_cases"  # 监委会: daily comments, monthly adjustments
    MANAGE_CATEGORIES = "manage_categories"  # categories, holidays, warning rules
    REPORT_CASES = "report_cases"  # the resident portal: report, follow and rate one's own


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES,
                          Action.SUPERVISE_CASES, Action.MANAGE_CATEGORIES},
    Role.STREET_ADMIN: {Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES,
                        Action.SUPERVISE_CASES},
    Role.COMMUNITY_STAFF: {Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES},
    Role.GRID_WORKER: {Action.VIEW_CASES, Action.HANDLE_CASES},
    # 监委会 reads every case of the community and comments; it changes no case.
    Role.SUPERVISOR: {Action.VIEW_CASES, Action.SUPERVISE_CASES},
    # Residents (party members are residents too) report matters and follow their own
    # reports; they see no one else's case.
    Role.RESIDENT: {Action.REPORT_CASES},
    Role.PARTY_MEMBER: {Action.REPORT_CASES},
}

# Showing personal data in clear is the accounts table's own action (the registry's
# reveal uses it too): the same roles may reveal a reporter's phone on a case.
REVEAL_PII = AccountAction.REVEAL_PII
# Seeing a resident in the registry: who may name them as a case's reporter.
VIEW_PEOPLE = AccountAction.VIEW_PEOPLE

# Roles that answer an escalation, by the level it was escalated to.
ESCALATION_ROLES = {
    AreaKind.STREET: (Role.STREET_ADMIN, Role.DISTRICT_ADMIN),
    AreaKind.DISTRICT: (Role.DISTRICT_ADMIN,),
}


def require(actor, action: str, path: str) -> None:
    """Refuse unless ``actor`` holds ``action`` over ``path``. ``None`` is the system
    (Open311 intake, monitoring rules, commands). Someone who cannot even see the case is
    told it does not exist."""
    require_at(actor, action, path, view_action=Action.VIEW_CASES)


can = may


def can_view_summaries(user) -> bool:
    """The weekly summary and the monthly evaluation are a whole community's pages: open to
    whoever views cases over a community or more (a grid worker's grids are not one). The
    supervision pages and their menu entry both ask this."""
    # Paths are district.street.community[.grid]: a community path has two dots.
    return any(p.count(".") <= 2 for p in user.scope_for(Action.VIEW_CASES).paths)


def is_grid_worker_of(user, grid) -> bool:
    """Whether ``user`` holds the grid-worker role on exactly this grid."""
    if user is None or grid is None or not user.is_active:
        return False
    return Grant.objects.filter(user=user, role=Role.GRID_WORKER, area=grid).exists()


def grid_worker_grants(*, grid=None, within: str = ""):
    """Grid-worker grants on ``grid``, or on every grid in the area at path ``within``,
    of active users — the one definition of "the grid workers of a place"."""
    grants = Grant.objects.filter(role=Role.GRID_WORKER, user__is_active=True)
    if grid is not None:
        return grants.filter(area=grid)
    return grants.filter(area__kind=AreaKind.GRID, area__path__gte=within,
                         area__path__lt=within + PATH_END)


def answers_escalation(actor, path: str, level: str) -> bool:
    """Whether ``actor`` holds a street or district role whose area covers ``path`` at the
    level the case was escalated to (a street admin cannot answer for the district)."""
    if actor is None:
        return True
    roles = ESCALATION_ROLES.get(level, ())
    for area_path in Grant.objects.filter(user=actor, role__in=roles).values_list(
        "area__path", flat=True
    ):
        if path == area_path or path.startswith(area_path + "."):
            return True
    return False
