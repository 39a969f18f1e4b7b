"""One demo account per role of DESIGN.md §2, created through accounts.services."""

from __future__ import annotations

from dataclasses import dataclass

from shequ.accounts import services as account_services
from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core import audit
from shequ.core.actors import SYSTEM
from shequ.members import services as member_services
from shequ.organizations.models import Unit
from shequ.registry.models import Resident
from shequ.territory.models import Area

from .scales import DEMO_PASSWORD

# username (= role key), display name
DISPLAY = {
    Role.DISTRICT_ADMIN: "区级管理员（演示）",
    Role.STREET_ADMIN: "街道管理员（演示）",
    Role.COMMUNITY_STAFF: "社区工作人员（演示）",
    Role.SUPERVISOR: "监委会委员（演示）",
    Role.GRID_WORKER: "专职网格员（演示）",
    Role.UNIT_LIAISON: "驻区单位联络员（演示）",
    Role.PARTY_MEMBER: "党员（演示）",
    Role.RESIDENT: "居民（演示）",
    Role.SYSADMIN: "系统管理员（演示）",
    Role.SECADMIN: "安全管理员（演示）",
    Role.AUDITOR: "审计管理员（演示）",
}


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    password: str
    area: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class Anchors:
    """Where the demo accounts sit: the first street, community and grid, the unit the demo
    party member serves in (its liaison's unit) and that unit's community, and two residents
    of the demo grid (an in-service party member and a non-member)."""

    district: Area
    street: Area
    community: Area
    grid: Area
    unit: Unit | None
    unit_community: Area
    member_resident_id: int
    plain_resident_id: int


def create_logins(anchors: Anchors) -> list[Login]:
    a = anchors
    placement = [
        (Role.DISTRICT_ADMIN, a.district), (Role.STREET_ADMIN, a.street),
        (Role.COMMUNITY_STAFF, a.community), (Role.SUPERVISOR, a.community),
        (Role.GRID_WORKER, a.grid), (Role.UNIT_LIAISON, a.unit_community),
        (Role.PARTY_MEMBER, a.community), (Role.RESIDENT, a.community),
        (Role.SYSADMIN, a.district), (Role.SECADMIN, a.district), (Role.AUDITOR, a.district),
    ]
    linked = {Role.PARTY_MEMBER: a.member_resident_id, Role.RESIDENT: a.plain_resident_id}
    logins = []
    for role, area in placement:
        user = account_services.user_create(actor=SYSTEM, username=str(role),
                                            password=DEMO_PASSWORD, display_name=DISPLAY[role])
        account_services.grant_add(actor=SYSTEM, user=user, role=role, area=area)
        if role in linked:
            Resident.objects.filter(pk=linked[role]).update(user=user)
            audit.record(actor=SYSTEM, action="link_user", entity="resident",
                         entity_id=linked[role], summary=user.username,
                         after={"user": user.username})
        if role == Role.UNIT_LIAISON and a.unit is not None:
            member_services.liaison_add(actor=SYSTEM, user=user, unit=a.unit)
        logins.append(Login(str(role), user.username, DEMO_PASSWORD, area.name))
    return logins


def existing_logins() -> list[Login]:
    """The demo accounts already in the database (for ``--if-empty``)."""
    users = User.objects.filter(username__in=[str(r) for r in DISPLAY]).prefetch_related(
        "grants__area")
    by_name = {u.username: u for u in users}
    out = []
    for role in DISPLAY:
        user = by_name.get(str(role))
        if user is None:
            continue
        grant = next((g for g in user.grants.all() if g.role == role), None)
        out.append(Login(str(role), user.username, DEMO_PASSWORD,
                         grant.area.name if grant else ""))
    return out


def format_table(logins: list[Login]) -> str:
    rows = [("role", "username", "password", "scope")]
    rows += [(f"{x.role} {x.role_label}", x.username, x.password, x.area) for x in logins]

    def width(s: str) -> int:  # CJK characters take two columns in a terminal
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    widths = [max(width(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, r in enumerate(rows):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths, strict=True)))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)
