"""Who may do what with cases: the ledger actions, which roles hold them (declared in the
app's manifest, so the accounts table does not import this app), the permission policies
of the ledgers' records and the object checks the services share."""

from __future__ import annotations

from shequ.accounts.models import Grant
from shequ.accounts.roles import Action as AccountAction
from shequ.accounts.roles import Role
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy
from shequ.core.scoping import PATH_END
from shequ.territory.models import AreaKind

from .models import Case, EarlyWarning


class Action:
    VIEW_CASES = "view_cases"
    HANDLE_CASES = "handle_cases"  # take in, start, resolve, escalate, rate, link
    ASSIGN_CASES = "assign_cases"  # dispatch to a grid worker, reject, close
    MANAGE_CATEGORIES = "manage_categories"  # categories, holidays, warning rules
    REPORT_CASES = "report_cases"  # the resident portal: report, follow and rate one's own


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES,
                          Action.MANAGE_CATEGORIES},
    Role.STREET_ADMIN: {Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES},
    Role.COMMUNITY_STAFF: {Action.VIEW_CASES, Action.HANDLE_CASES, Action.ASSIGN_CASES},
    Role.GRID_WORKER: {Action.VIEW_CASES, Action.HANDLE_CASES},
    # 监委会 reads every case of the community (and comments through the supervision app);
    # it changes no case.
    Role.SUPERVISOR: {Action.VIEW_CASES},
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


class CasePolicy(ModelPolicy):
    """Cases sit at their grid (or building), warnings at their community. Someone who
    cannot even see a case is told it does not exist. The system (Open311 intake, monitoring rules, commands) passes SYSTEM."""

    view_action = Action.VIEW_CASES


case_policy = CasePolicy(Case)
warning_policy = CasePolicy(EarlyWarning)

POLICIES = (case_policy, warning_policy)


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
    if is_system(actor):
        return True
    roles = ESCALATION_ROLES.get(level, ())
    for area_path in Grant.objects.filter(user=actor, role__in=roles).values_list(
        "area__path", flat=True
    ):
        if path == area_path or path.startswith(area_path + "."):
            return True
    return False
