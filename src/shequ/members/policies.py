"""Who may do what in 党员联管. A party member acts on their own registration and logs
(services check ``resident.user == actor``); a unit liaison reads their own unit's report
through ``UnitLiaison``."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.scoping import may, require_at
from shequ.registry.selectors import is_within, lives_in, resident_of  # noqa: F401 - re-exported


class Action:
    VIEW_DUAL = "view_dual_report"
    MANAGE_DUAL = "manage_dual_report"  # posts, confirm logs, reports, liaisons
    MANAGE_FALLBACK = "manage_fallback"
    # Party members: only shows them their own page in the menu; their rights over their
    # own registration are checked on the row (is_self).
    SELF_SERVICE = "dual_self_service"
    # Unit liaisons: the menu entry to their units' reports (which units is UnitLiaison).
    UNIT_REPORTS = "dual_unit_reports"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_DUAL, Action.MANAGE_DUAL, Action.MANAGE_FALLBACK},
    Role.STREET_ADMIN: {Action.VIEW_DUAL, Action.MANAGE_DUAL, Action.MANAGE_FALLBACK},
    Role.COMMUNITY_STAFF: {Action.VIEW_DUAL, Action.MANAGE_DUAL, Action.MANAGE_FALLBACK},
    Role.SUPERVISOR: {Action.VIEW_DUAL},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
    Role.UNIT_LIAISON: {Action.UNIT_REPORTS},
}


can = may


def require(actor, action: str, path: str) -> None:
    require_at(actor, action, path, view_action=Action.VIEW_DUAL)


def is_self(actor, member) -> bool:
    resident = member.resident
    return actor is not None and resident.user_id is not None and resident.user_id == actor.pk


def member_of(actor):
    """The party membership of the signed-in account's resident, or None."""
    from django.core.exceptions import ObjectDoesNotExist
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    try:
        return actor.resident.membership
    except ObjectDoesNotExist:
        return None
