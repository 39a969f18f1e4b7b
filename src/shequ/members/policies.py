"""Who may do what in 党员联管. A party member acts on their own registration and logs
(services check ``resident.user == actor``); a unit liaison reads their own unit's report
through ``UnitLiaison``. The roles' actions are declared in the app's manifest; every check
on a record asks the policy of its model below."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import DualRegistration, FallbackAttachment, ServiceLog, ServicePost, UnitReport


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


class DualReportPolicy(ModelPolicy):
    """Posts sit at their community, registrations, logs and fallback attachments at the
    member's home, unit reports at the unit's place. Staff who cannot see one are told it
    does not exist; a member's rights over their own rows are checked with ``is_self``."""

    view_action = Action.VIEW_DUAL


post_policy = DualReportPolicy(ServicePost)
registration_policy = DualReportPolicy(DualRegistration)
log_policy = DualReportPolicy(ServiceLog)
report_policy = DualReportPolicy(UnitReport)
fallback_policy = DualReportPolicy(FallbackAttachment)

POLICIES = (post_policy, registration_policy, log_policy, report_policy, fallback_policy)


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
