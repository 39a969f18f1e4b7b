"""Units (驻区单位) with valid credit codes, the party-organisation tree attached to the
territory, 大党委 part-time members, and how a party member is placed in it.

Units and organisations go through ``organizations.services`` (validation, path copy,
audit); there are a few hundred of each at district scale.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from shequ.core.actors import SYSTEM
from shequ.core.validators import uscc_check_char
from shequ.organizations import services as org_services
from shequ.organizations.models import OrgKind, PartTimeMember, PartyOrg, Unit, UnitKind
from shequ.registry.models import MembershipStatus, PoliticalStatus, RelationLocation

from .housing import TerritoryPlan
from .names import COMPOUND_HEADS, UNIT_NAMES, NameMaker, cn_number
from .people import Person
from .scales import REFERENCE_DATE

UNIT_KINDS = ((UnitKind.ENTERPRISE, 40), (UnitKind.INSTITUTION, 18), (UnitKind.AGENCY, 10),
              (UnitKind.SOCIAL_ORG, 10), (UnitKind.TWO_NEW, 15),
              (UnitKind.COMMERCIAL_BUILDING, 7))
# GB 32100 positions 1–2: registration authority and organisation type.
CREDIT_PREFIX = {
    UnitKind.AGENCY: ("11",), UnitKind.INSTITUTION: ("12",), UnitKind.SOCIAL_ORG: ("51", "52"),
    UnitKind.ENTERPRISE: ("91",), UnitKind.TWO_NEW: ("91", "52"),
    UnitKind.COMMERCIAL_BUILDING: ("91",),
}
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PART_TIME_POSTS = ("兼职委员", "兼职委员", "兼职副书记")


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its own check character."""
    body = f"{rng.randrange(10**8):08d}"
    c = 11 - sum(int(d) * w for d, w in zip(body, _ORG_CODE_WEIGHTS, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(c, str(c))


def credit_code(rng: random.Random, kind: str, region: str = "511703") -> str:
    first17 = rng.choice(CREDIT_PREFIX[kind]) + region + org_code(rng)
    return first17 + uscc_check_char(first17)


@dataclass
class PartyPlan:
    branch_by_grid: dict[int, PartyOrg] = field(default_factory=dict)
    fallback_by_community: dict[int, PartyOrg] = field(default_factory=dict)
    unit_orgs_by_street: dict[int, list[PartyOrg]] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)
    orgs: int = 0
    part_time: int = 0


def build_units(rng: random.Random, scale, plan: TerritoryPlan, party: PartyPlan) -> None:
    used: set[str] = set()
    kinds = [k for k, _w in UNIT_KINDS]
    weights = [w for _k, w in UNIT_KINDS]
    for cplan in plan.communities:
        short = cplan.area.name.removesuffix("社区")
        for _ in range(rng.randint(*scale.units_per_community)):
            kind = rng.choices(kinds, weights=weights)[0]
            word = short if rng.random() < 0.5 else rng.choice(COMPOUND_HEADS)
            name = rng.choice(UNIT_NAMES[kind]).format(word)
            if name in used:
                name = f"{name}（{cn_number(len(used) % 99 + 1)}）"
            used.add(name)
            code = credit_code(rng, kind)
            grid = rng.choice(cplan.grids).area
            unit = org_services.unit_create(actor=SYSTEM, name=name, credit_code=code, kind=kind,
                                            area=grid, address=f"{cplan.area.name}{name}")
            party.units.append(unit)


def build_orgs(rng: random.Random, plan: TerritoryPlan, party: PartyPlan,
               names: NameMaker) -> None:
    """区委 → 街道党工委 → 社区大党委 → 片区党总支 → 小区/楼栋党支部 → 单元党小组, a 区域兜底
    branch per community, and unit organisations that sit on their community's 大党委."""
    create = org_services.party_org_create

    def org(**kw) -> PartyOrg:
        party.orgs += 1
        return create(actor=SYSTEM, **kw)

    district = plan.district
    top = org(kind=OrgKind.DISTRICT_COMMITTEE, name="中共达州市达川区委员会", area=district)
    working = {}
    for street in plan.streets:
        working[street.pk] = org(kind=OrgKind.STREET_WORKING_COMMITTEE,
                                 name=f"中共达川区{street.name}工作委员会", area=street,
                                 parent=top)
    units_by_community: dict[int, list[Unit]] = {}
    for unit in party.units:
        units_by_community.setdefault(unit.area.parent_id, []).append(unit)
    for cplan in plan.communities:
        community = cplan.area
        committee = org(kind=OrgKind.COMMUNITY_COMMITTEE,
                        name=f"中共{cplan.street.name}{community.name}委员会", area=community,
                        parent=working[cplan.street.pk])
        party.fallback_by_community[community.pk] = org(
            kind=OrgKind.BRANCH, name=f"{community.name}区域兜底党支部", area=community,
            parent=committee, is_fallback=True)
        grids = cplan.grids
        for ai, start in enumerate(range(0, len(grids), 3), start=1):
            general = org(kind=OrgKind.AREA_GENERAL_BRANCH,
                          name=f"{community.name}第{cn_number(ai)}片区党总支", area=community,
                          parent=committee)
            for gplan in grids[start:start + 3]:
                grid = gplan.area
                branch = org(kind=OrgKind.BRANCH, name=f"{community.name}{grid.name}党支部",
                             area=grid, parent=general)
                party.branch_by_grid[grid.pk] = branch
                for k in range(1, rng.randint(2, 3) + 1):
                    org(kind=OrgKind.GROUP, name=f"{community.name}{grid.name}第{cn_number(k)}党小组",
                        area=grid, parent=branch)
        members = []  # unit organisations sitting on this 大党委
        # The first community keeps its first unit's organisation, so the demo party member
        # (who lives there) always has a unit to serve in and to 双报到 from.
        keep = cplan is plan.communities[0]
        for unit in units_by_community.get(community.pk, []):
            skipped = unit.kind in (UnitKind.COMMERCIAL_BUILDING,) or rng.random() < 0.4
            if skipped and not (keep and not members):
                continue
            unit_org = org(kind=OrgKind.UNIT_ORG, name=f"中共{unit.name}支部委员会",
                           area=unit.area, parent=working[cplan.street.pk], unit=unit)
            party.unit_orgs_by_street.setdefault(cplan.street.pk, []).append(unit_org)
            members.append(unit_org)
        _part_time(rng, committee, units_by_community.get(community.pk, []), names, party)
        if members:
            PartyOrg.member_of.through.objects.bulk_create(
                [PartyOrg.member_of.through(from_partyorg_id=m.pk, to_partyorg_id=committee.pk)
                 for m in members])


def _part_time(rng, committee: PartyOrg, units: list[Unit], names: NameMaker,
               party: PartyPlan) -> None:
    rows = []
    for unit in rng.sample(units, min(len(units), rng.randint(3, 5))):
        gender = rng.choice("MF")
        name = names.person(gender, rng.randint(1965, 1990))
        rows.append(PartTimeMember(committee=committee, name=name, unit=unit,
                                   post=rng.choice(PART_TIME_POSTS), path=committee.path))
    PartTimeMember.objects.bulk_create(rows)
    party.part_time += len(rows)


def membership(rng: random.Random, person: Person, age: int, grid_id: int, community_id: int,
               street_id: int, party: PartyPlan, *, in_service: bool = False
               ) -> tuple[PartyOrg, Unit | None, dt.date, str, str]:
    """Where a member's relation sits (own grid's branch, their unit, or 区域兜底), when they
    joined (18 or older; probationary members within the last year) and their status.
    ``in_service`` places them in a unit of their street when one has an organisation."""
    r = rng.random()
    unit_orgs = party.unit_orgs_by_street.get(street_id)
    if (in_service or r < 0.12) and unit_orgs and 22 <= age <= 60:
        org = rng.choice(unit_orgs)
        unit, where = org.unit, RelationLocation.UNIT
    elif r < 0.20:
        org, unit, where = party.fallback_by_community[community_id], None, RelationLocation.FALLBACK
    else:
        org, unit, where = party.branch_by_grid[grid_id], None, RelationLocation.LOCAL
    adult = person.birth.replace(year=person.birth.year + 18) if not (
        person.birth.month == 2 and person.birth.day == 29) else dt.date(person.birth.year + 18, 3, 1)
    if age >= 19 and rng.random() < 0.03:
        joined = REFERENCE_DATE - dt.timedelta(days=rng.randrange(30, 360))
        status = MembershipStatus.PROBATIONARY
    else:
        span = max((REFERENCE_DATE - adult).days - 366, 1)
        joined = adult + dt.timedelta(days=rng.randrange(span))
        status = MembershipStatus.FULL
    return org, unit, joined, status, where


def political_status_for(status: str) -> str:
    """The political status a membership implies (as registry.services.party_member_create
    sets it)."""
    return (PoliticalStatus.CPC_MEMBER if status == MembershipStatus.FULL
            else PoliticalStatus.CPC_PROBATIONARY)
