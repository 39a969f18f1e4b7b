"""Build a demo district into the configured database.

Order: areas (territory service) → compounds, buildings, entrances → units and party
organisations (organizations services) → households, residents, tags and memberships
(bulk inserts of values computed by the registry's own functions) → demo accounts
(accounts services) → ANALYZE. Everything but ANALYZE runs in one transaction, so a
failed load leaves nothing behind.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from shequ.core import audit
from shequ.core.actors import SYSTEM
from shequ.organizations.models import PartTimeMember, PartyOrg, Unit
from shequ.registry import pii
from shequ.registry.models import PartyMember, Relation, Resident, Tag
from shequ.registry.services import name_fields
from shequ.territory.models import Area, AreaKind, Building, Compound, Entrance, Household
from shequ.territory.services import household_address

from . import bulk, housing, party
from .logins import Anchors, Login, create_logins
from .names import NameMaker
from .people import PeopleMaker, Person
from .scales import SCALES

RESIDENT_FIELDS = [
    "id", "household", "relation", "name", "name_simplified", "name_pinyin", "name_initials",
    "gender", "birth_date", "ethnicity", "political_status", "residence_type",
    "id_number_enc", "id_number_hash", "id_number_masked", "id_tail4",
    "phone_enc", "phone_hash", "phone_masked", "phone_tail4",
    "note", "is_active", "user", "path", "created_at", "updated_at",
]
HOUSEHOLD_FIELDS = ["id", "entrance", "room", "address", "path", "created_at"]
MEMBER_FIELDS = ["id", "resident", "org", "unit", "joined_on", "status", "relation_location",
                 "path"]
# Relative chance of party membership by age band and gender (scaled by Scale.member_rate).
_AGE_WEIGHT = ((18, 0.0), (31, 0.6), (51, 1.0), (71, 1.45), (200, 1.7))
_GENDER_WEIGHT = {"M": 1.3, "F": 0.75}


def district_exists() -> bool:
    return Area.objects.filter(kind=AreaKind.DISTRICT).exists()


@dataclass
class Report:
    scale: str
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    seconds: float = 0.0


def _age_weight(age: int) -> float:
    for upper, w in _AGE_WEIGHT:
        if age < upper:
            return w
    return 0.0


class _PeopleLoader:
    """Streams households and residents into the database community by community."""

    def __init__(self, seed: int, scale, plan, party_plan, flush_at: int):
        self.rng = random.Random(seed * 1000 + 3)  # noqa: S311 - demo data, reproducible
        self.people = PeopleMaker(self.rng, NameMaker(self.rng))
        self.scale = scale
        self.plan = plan
        self.party = party_plan
        self.ids = bulk.Ids()
        now = bulk.db_datetime(timezone.now())
        self.now = now
        self.households = bulk.Inserter(Household, HOUSEHOLD_FIELDS, flush_at=flush_at)
        self.residents = bulk.Inserter(Resident, RESIDENT_FIELDS, flush_at=flush_at)
        self.tags = bulk.Inserter(Resident.tags.through, ["resident", "tag"], flush_at=flush_at)
        self.members = bulk.Inserter(PartyMember, MEMBER_FIELDS, flush_at=flush_at)
        self.tag_ids = dict(Tag.objects.values_list("code", "pk"))
        self.member_in_demo_grid: int | None = None
        self.plain_in_demo_grid: int | None = None

    def run(self, progress: Callable[[str], None]) -> None:
        p_room = min(1.0, self.scale.households / max(self.plan.capacity, 1))
        demo_grid = self.plan.grids[0].area.pk
        for n, cplan in enumerate(self.plan.communities, start=1):
            for gplan in cplan.grids:
                grid = gplan.area
                for eplan in gplan.entrances:
                    entrance = eplan.entrance
                    for room in housing.rooms(eplan):
                        if self.rng.random() >= p_room:
                            continue
                        self._household(entrance, room, grid, cplan, grid.pk == demo_grid)
            if n % 5 == 0 or n == len(self.plan.communities):
                progress(f"  {n}/{len(self.plan.communities)} communities, "
                         f"{self.residents.count + len(self.residents.rows)} residents")
        for ins in (self.households, self.residents, self.tags, self.members):
            ins.flush()

    def _household(self, entrance: Entrance, room: str, grid: Area, cplan, demo: bool) -> None:
        hid = self.ids.next(Household)
        path = entrance.path
        self.households.add((hid, entrance.pk, room, household_address(entrance, room), path,
                             self.now))
        _kind, persons = self.people.household()
        for person in persons:
            rid = self.ids.next(Resident)
            age = person.age
            # The demo party-member login needs an in-service member (working in a unit, not
            # retired) in the demo grid: the first adult of working age there is one.
            force = demo and self.member_in_demo_grid is None and 25 <= age <= 55
            is_member = self._maybe_member(person, age, rid, grid, cplan, path, force)
            if demo:
                if force:
                    self.member_in_demo_grid = rid
                elif not is_member and age >= 18 and person.relation == Relation.HEAD \
                        and self.plain_in_demo_grid is None:
                    self.plain_in_demo_grid = rid
            self._resident(rid, hid, person, path)

    def _maybe_member(self, person: Person, age: int, rid: int, grid: Area, cplan,
                      path: str, force: bool) -> bool:
        chance = self.scale.member_rate * _age_weight(age) * _GENDER_WEIGHT[person.gender]
        if not force and (chance <= 0 or self.rng.random() >= chance):
            return False
        org, unit, joined, status, where = party.membership(
            self.rng, person, age, grid.pk, cplan.area.pk, cplan.street.pk, self.party,
            in_service=force)
        person.political = party.political_status_for(status)
        self.members.add((self.ids.next(PartyMember), rid, org.pk, unit.pk if unit else None,
                          bulk.db_date(joined), status, where, path))
        return True

    def _resident(self, rid: int, hid: int, p: Person, path: str) -> None:
        nf = name_fields(p.name)
        idc = pii.id_columns_for(p.id_number)
        ph = pii.phone_columns(p.phone) if p.phone else pii.EMPTY_PHONE
        self.residents.add((
            rid, hid, p.relation, nf["name"], nf["name_simplified"], nf["name_pinyin"],
            nf["name_initials"], p.gender, bulk.db_date(p.birth), p.ethnicity, p.political,
            p.residence, idc.enc, idc.hash, idc.masked, idc.tail4,
            ph.enc, ph.hash, ph.masked, ph.tail4,
            "", True, None, path, self.now, self.now,
        ))
        for code in p.tags:
            self.tags.add((rid, self.tag_ids[code]))


def load(*, scale: str = "small", seed: int = 2026,
         progress: Callable[[str], None] | None = None, flush_at: int = 20_000) -> Report:
    """Generate the demo data set of ``scale`` for ``seed`` into the default database."""
    say = progress or (lambda _msg: None)
    sc = SCALES[scale]
    started = time.perf_counter()
    report = Report(scale=scale, seed=seed)
    rng = random.Random(seed * 1000 + 1)  # noqa: S311 - demo data, reproducible
    with transaction.atomic():
        say("territory…")
        plan = housing.build_areas(rng, sc)
        housing.build_housing(rng, sc, plan, bulk.Ids())
        say("units and party organisations…")
        party_plan = party.PartyPlan()
        org_rng = random.Random(seed * 1000 + 2)  # noqa: S311 - demo data, reproducible
        party.build_units(org_rng, sc, plan, party_plan)
        party.build_orgs(org_rng, plan, party_plan, NameMaker(org_rng))
        say("households and residents…")
        people = _PeopleLoader(seed, sc, plan, party_plan, flush_at)
        people.run(say)
        say("demo accounts…")
        first = plan.communities[0]
        # The unit liaison serves the demo party member's unit, so both see the same 双报到.
        unit_id = PartyMember.objects.filter(resident_id=people.member_in_demo_grid).values_list(
            "unit_id", flat=True).first()
        unit = Unit.objects.filter(pk=unit_id).first() or (
            party_plan.units[0] if party_plan.units else None)
        report.logins = create_logins(Anchors(
            district=plan.district, street=first.street, community=first.area,
            grid=first.grids[0].area, unit=unit,
            unit_community=unit.area.parent if unit else first.area,
            member_resident_id=people.member_in_demo_grid,
            plain_resident_id=people.plain_in_demo_grid,
        ))
        report.counts = {
            "streets": len(plan.streets), "communities": len(plan.communities),
            "grids": len(plan.grids), "compounds": Compound.objects.count(),
            "buildings": Building.objects.count(), "entrances": Entrance.objects.count(),
            "households": people.households.count, "residents": people.residents.count,
            "resident_tags": people.tags.count, "party_members": people.members.count,
            "party_orgs": party_plan.orgs, "units": len(party_plan.units),
            "part_time_members": party_plan.part_time,
        }
        audit.record(actor=SYSTEM, action="demo_load", entity="demo", entity_id=scale,
                     summary=f"demo {scale} seed {seed}", after=report.counts)
    bulk.reset_sequences([Compound, Building, Entrance, Household, Resident, PartyMember,
                          Resident.tags.through, PartyOrg, Unit, PartTimeMember])
    say("ANALYZE…")
    bulk.analyze()
    report.seconds = time.perf_counter() - started
    return report
