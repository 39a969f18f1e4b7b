"""Roles (DESIGN.md §2) and the actions of the accounts app. ``ROLE_ACTIONS`` below is this
app's share of the role table; every other app declares its own in its manifest
(``core.manifest.AppManifest.role_actions``) and ``core.manifest.role_actions()`` composes
them: ``Scope`` for an action is the union of the grants whose role allows it."""

from collections.abc import Mapping
from types import MappingProxyType

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STREET_ADMIN = "street_admin", _("Street administrator")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    SUPERVISOR = "supervisor", _("Supervision committee member")
    UNIT_LIAISON = "unit_liaison", _("Unit party liaison")
    PARTY_MEMBER = "party_member", _("Party member")
    RESIDENT = "resident", _("Resident")
    SYSADMIN = "sysadmin", _("System administrator")
    SECADMIN = "secadmin", _("Security administrator")
    AUDITOR = "auditor", _("Audit administrator")


class Action:
    VIEW_TERRITORY = "view_territory"
    MANAGE_TERRITORY = "manage_territory"
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    REVEAL_PII = "reveal_pii"
    EXPORT_PEOPLE = "export_people"
    VIEW_PARTY = "view_party"
    EDIT_PARTY = "edit_party"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_SECURITY = "manage_security"
    VIEW_AUDIT = "view_audit"


_STAFF = {
    Action.VIEW_TERRITORY, Action.VIEW_PEOPLE, Action.EDIT_PEOPLE, Action.REVEAL_PII,
    Action.EXPORT_PEOPLE, Action.VIEW_PARTY, Action.EDIT_PARTY,
}

ROLE_ACTIONS: Mapping[str, frozenset[str]] = MappingProxyType({
    Role.DISTRICT_ADMIN: frozenset(_STAFF | {Action.MANAGE_TERRITORY}),
    Role.STREET_ADMIN: frozenset(_STAFF | {Action.MANAGE_TERRITORY}),
    Role.COMMUNITY_STAFF: frozenset(_STAFF),
    Role.GRID_WORKER: frozenset(
        {Action.VIEW_TERRITORY, Action.VIEW_PEOPLE, Action.EDIT_PEOPLE, Action.REVEAL_PII,
         Action.VIEW_PARTY}
    ),
    # 监委会: read everything in their community, change nothing, reveal nothing.
    Role.SUPERVISOR: frozenset({Action.VIEW_TERRITORY, Action.VIEW_PEOPLE, Action.VIEW_PARTY}),
    Role.UNIT_LIAISON: frozenset({Action.VIEW_TERRITORY}),
    Role.PARTY_MEMBER: frozenset(),
    Role.RESIDENT: frozenset(),
    # 三权分立: accounts, security policy and audit reading are three separate people.
    Role.SYSADMIN: frozenset({Action.MANAGE_ACCOUNTS}),
    Role.SECADMIN: frozenset({Action.MANAGE_SECURITY}),
    Role.AUDITOR: frozenset({Action.VIEW_AUDIT}),
})


# Roles that see their own records (not a territory) for these actions.
SELF_ROLES = {Role.PARTY_MEMBER, Role.RESIDENT}
SELF_ACTIONS = {Action.VIEW_PEOPLE, Action.VIEW_PARTY}

# The three administrator roles may not be combined in one account.
EXCLUSIVE_ADMIN_ROLES = {Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR}
ADMIN_ROLES = EXCLUSIVE_ADMIN_ROLES

# Every other role reaches people's data (residents, party members, cases, units, or the
# holder's own resident record). No account holds one of these together with an
# administrator role, and a system administrator's grant of one waits for a security
# administrator's approval (services.grant_add / grant_approve).
DATA_ROLES = {r for r in Role if r not in ADMIN_ROLES}

# Roles that sign in with a second factor when settings.OTP_REQUIRED: staff and
# administrators (residents and party members use the app for their own records only).
OTP_ROLES = {r for r in Role if r not in SELF_ROLES}

# 三权分立 across accounts too: a system administrator who could grant the security or
# audit role, or reset the password of an account holding one, could become that person.
# Those accounts are set up by the operator on the command line (``shequ createadmin``,
# ``shequ changepassword``); the account pages and API show them read-only.
OPERATOR_MANAGED_ROLES = {Role.SECADMIN, Role.AUDITOR}
