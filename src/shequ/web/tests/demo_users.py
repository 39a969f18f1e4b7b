"""Demo-like accounts for the shell's tests: one user per role of DESIGN.md §2, placed the
way ``shequ demo`` places them (the resident and the party member linked to a resident of
the first grid, the party member with a membership)."""

from __future__ import annotations

import datetime as dt

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.organizations.services import party_org_create
from shequ.registry.models import Resident
from shequ.registry.services import party_member_create
from shequ.testing import factories


def role_users(tree) -> dict[str, object]:
    place = {
        Role.DISTRICT_ADMIN: tree.district, Role.STREET_ADMIN: tree.street,
        Role.COMMUNITY_STAFF: tree.community, Role.SUPERVISOR: tree.community,
        Role.GRID_WORKER: tree.grid1, Role.UNIT_LIAISON: tree.community,
        Role.PARTY_MEMBER: tree.community, Role.RESIDENT: tree.community,
        Role.SYSADMIN: tree.district, Role.SECADMIN: tree.district, Role.AUDITOR: tree.district,
    }
    users = {str(role): factories.user(role, area) for role, area in place.items()}
    org = None
    for kind, name, area in (("district_committee", "区委", tree.district),
                             ("street_working_committee", "街道党工委", tree.street),
                             ("community_committee", "社区党委", tree.community)):
        org = party_org_create(actor=SYSTEM, kind=kind, name=name, area=area, parent=org)
    member = factories.resident(tree.household1, name="李党员")
    party_member_create(actor=SYSTEM, resident=member, org=org,
                        joined_on=dt.date(2010, 7, 1))
    plain = factories.resident(tree.household2, name="王居民")
    Resident.objects.filter(pk=member.pk).update(user=users[Role.PARTY_MEMBER])
    Resident.objects.filter(pk=plain.pk).update(user=users[Role.RESIDENT])
    return users
