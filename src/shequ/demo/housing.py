"""The demo territory: district, streets, communities and grids through the territory
service (which assigns paths), then compounds, buildings and unit entrances copying their
grid's path exactly as the territory service does."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from shequ.core.actors import SYSTEM
from shequ.territory import services as territory_services
from shequ.territory.models import Area, AreaKind, Building, Compound, Entrance

from .bulk import Ids
from .names import COMMUNITIES, COMPOUND_HEADS, COMPOUND_TAILS, ROADS, STREETS, cn_number
from .scales import Scale

CENTRE = (31.205, 107.500)  # 达川城区
FLOORS = ((6, 35), (7, 15), (11, 15), (18, 20), (26, 10), (32, 5))
ENTRANCES = ((1, 30), (2, 40), (3, 20), (4, 10))
ROOMS_PER_FLOOR = ((2, 80), (3, 15), (4, 5))


@dataclass
class EntrancePlan:
    entrance: Entrance
    floors: int
    per_floor: int

    @property
    def capacity(self) -> int:
        return self.floors * self.per_floor


@dataclass
class GridPlan:
    area: Area
    entrances: list[EntrancePlan] = field(default_factory=list)


@dataclass
class CommunityPlan:
    area: Area
    street: Area
    grids: list[GridPlan] = field(default_factory=list)


@dataclass
class TerritoryPlan:
    district: Area
    streets: list[Area]
    communities: list[CommunityPlan]

    @property
    def grids(self) -> list[GridPlan]:
        return [g for c in self.communities for g in c.grids]

    @property
    def capacity(self) -> int:
        return sum(e.capacity for g in self.grids for e in g.entrances)


def _weighted(rng: random.Random, table) -> int:
    return rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


def _coord(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


def build_areas(rng: random.Random, scale: Scale) -> TerritoryPlan:
    """~350 areas at district scale, each created by ``territory.services.area_create``."""
    create = territory_services.area_create
    district = create(actor=SYSTEM, kind=AreaKind.DISTRICT, name="达川区", code="511703",
                      parent=None)
    street_names = rng.sample(STREETS, scale.streets)
    community_names = iter(rng.sample(COMMUNITIES, len(COMMUNITIES)))
    per_street = [scale.communities // scale.streets] * scale.streets
    for i in rng.sample(range(scale.streets), scale.communities % scale.streets):
        per_street[i] += 1
    streets, communities = [], []
    for si, sname in enumerate(street_names, start=1):
        street = create(actor=SYSTEM, kind=AreaKind.STREET, name=f"{sname}街道",
                        code=f"511703{si:03d}", parent=district)
        streets.append(street)
        for ci in range(1, per_street[si - 1] + 1):
            community = create(actor=SYSTEM, kind=AreaKind.COMMUNITY,
                               name=f"{next(community_names)}社区",
                               code=f"{street.code}{ci:03d}", parent=street)
            plan = CommunityPlan(area=community, street=street)
            for gi in range(1, rng.randint(*scale.grids_per_community) + 1):
                grid = create(actor=SYSTEM, kind=AreaKind.GRID, name=f"第{cn_number(gi)}网格",
                              code=f"{community.code}{gi:03d}", parent=community)
                plan.grids.append(GridPlan(area=grid))
            communities.append(plan)
    return TerritoryPlan(district=district, streets=streets, communities=communities)


def _compound_names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        name = rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS)
        if name not in names:
            names.append(name)
    return names


def build_housing(rng: random.Random, scale: Scale, plan: TerritoryPlan, ids: Ids) -> None:
    """Compounds (小区) per community, buildings spread over its grids (a compound may span
    two grids), 1–4 unit entrances per building. Paths are copied from the grid."""
    compounds, buildings, entrances = [], [], []
    for cplan in plan.communities:
        community = cplan.area
        c_lat = CENTRE[0] + rng.uniform(-0.035, 0.035)
        c_lng = CENTRE[1] + rng.uniform(-0.04, 0.04)
        n_buildings = [rng.randint(*scale.buildings_per_grid) for _ in cplan.grids]
        total = sum(n_buildings)
        # Compounds of 3–12 buildings until the community is covered; ~5% stand alone.
        sizes: list[int] = []
        while sum(sizes) < total:
            sizes.append(rng.randint(3, 12))
        community_compounds = []
        for name in _compound_names(rng, len(sizes)):
            c = Compound(pk=ids.next(Compound), community=community, name=name,
                         path=community.path)
            compounds.append(c)
            community_compounds.append(c)
        slots = [c for c, size in zip(community_compounds, sizes, strict=True) for _ in range(size)]
        counters: dict[int | None, int] = {}
        i = 0
        for gplan, n in zip(cplan.grids, n_buildings, strict=True):
            grid = gplan.area
            g_lat = c_lat + rng.uniform(-0.004, 0.004)
            g_lng = c_lng + rng.uniform(-0.004, 0.004)
            for _ in range(n):
                compound = slots[i] if rng.random() >= 0.05 else None
                i += 1
                key = compound.pk if compound else None
                counters[key] = counters.get(key, 0) + 1
                if compound:
                    name = f"{counters[key]}栋"
                else:
                    name = f"{rng.choice(ROADS)}{rng.randint(1, 400)}号{counters[key]}栋"
                b = Building(pk=ids.next(Building), grid=grid, compound=compound, name=name,
                             path=grid.path,
                             lat=_coord(g_lat + rng.uniform(-0.0015, 0.0015)),
                             lng=_coord(g_lng + rng.uniform(-0.0015, 0.0015)))
                buildings.append(b)
                floors = _weighted(rng, FLOORS)
                for ei in range(1, _weighted(rng, ENTRANCES) + 1):
                    e = Entrance(pk=ids.next(Entrance), building=b, name=f"{ei}单元",
                                 path=b.path)
                    entrances.append(e)
                    gplan.entrances.append(
                        EntrancePlan(e, floors, _weighted(rng, ROOMS_PER_FLOOR)))
    Compound.objects.bulk_create(compounds, batch_size=2000)
    Building.objects.bulk_create(buildings, batch_size=2000)
    Entrance.objects.bulk_create(entrances, batch_size=2000)


def rooms(entrance: EntrancePlan) -> list[str]:
    """Room numbers of an entrance, floor by floor: 101, 102, …, 1502."""
    return [f"{floor}{k:02d}" for floor in range(1, entrance.floors + 1)
            for k in range(1, entrance.per_floor + 1)]
