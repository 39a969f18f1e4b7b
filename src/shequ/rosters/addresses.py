"""Roster addresses: parsing what people wrote and resolving it to a household of the
community — or, when the user builds the housing structure from the roster, planning the
compounds, buildings, unit entrances and rooms to create.

Understood: separate columns (小区 / 楼栋 / 单元 / 房号) and one combined column written as
``金竹苑7栋2单元302``, ``凤凰小区8-2-501``, ``8幢2单元501室`` (with or without the
district, street and community names in front). Building, entrance and room are compared by
their number, so 7栋, 7幢, 7号楼 and 7 are the same building.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.freetext import limit_of
from shequ.territory.models import Area, Building, Compound, Entrance, Household
from shequ.territory.selectors import natural_key

from .cells import CellError, compact

_BUILDING_SUFFIX = r"(?:栋|幢|号楼|座|楼|#)"
_B = r"(?P<b>\d+[A-Za-z]?|[A-Za-z])"
_PATTERNS = (
    re.compile(rf"^(?P<c>.*?){_B}{_BUILDING_SUFFIX}(?P<e>\d+)单元(?P<r>[0-9A-Za-z]+)(?:室|号|房)?$"),
    re.compile(rf"^(?P<c>.*?){_B}-(?P<e>\d+)-(?P<r>[0-9A-Za-z]+)(?:室|号)?$"),
)


@dataclass(frozen=True)
class AddressParts:
    compound: str
    building: str
    entrance: str
    room: str

    def label(self) -> str:
        return f"{self.compound}{self.building}栋{self.entrance}单元{self.room}"


def compound_key(name: str) -> str:
    raw = compact(name)
    short = raw.removesuffix("小区")
    return short or raw


def building_key(name) -> str:
    raw = compact(name).upper()
    m = re.fullmatch(rf"(\d+[A-Z]?|[A-Z]){_BUILDING_SUFFIX}?", raw)
    return m[1] if m else raw


def entrance_key(name) -> str:
    raw = compact(name).upper()
    m = re.fullmatch(r"(\d+|[A-Z])(?:单元)?", raw)
    return m[1] if m else raw


def room_key(name) -> str:
    raw = compact(name).upper()
    return re.sub(r"(室|号|房)$", "", raw)


def parse_address(text: str, prefixes: tuple[str, ...] = ()) -> AddressParts:
    raw = compact(text)
    changed = True
    while changed:  # drop leading district / street / community names in any order
        changed = False
        for p in prefixes:
            if p and raw.startswith(p):
                raw, changed = raw[len(p):], True
    for pattern in _PATTERNS:
        m = pattern.match(raw)
        if m:
            return AddressParts(compact(m["c"]), m["b"].upper(), m["e"], m["r"].upper())
    raise CellError("address_unparsed", "address",
                    _("Cannot read the address %(a)s; write it as 金竹苑7栋2单元302 or 金竹苑7-2-302.")
                    % {"a": text})


@lru_cache(maxsize=65536)
def parts_from_columns(compound, building, entrance, room) -> AddressParts:
    parts = AddressParts(compact(compound), building_key(building), entrance_key(entrance),
                         room_key(room))
    missing = [n for n, v in (("楼栋", parts.building), ("单元", parts.entrance),
                              ("房号", parts.room)) if not v]
    if missing:
        raise CellError("address_incomplete", "address",
                        _("The address lacks: %(m)s") % {"m": "、".join(missing)})
    return parts


@dataclass(frozen=True)
class NewHousehold:
    """A household to create on commit (build-the-structure imports only)."""

    compound: str  # name as written, "" for none
    building: str  # key
    entrance: str  # key
    room: str


class Structure:
    """The housing structure of one community, loaded once, resolving addresses."""

    def __init__(self, community: Area, *, build: bool = False, grid: Area | None = None):
        self.community = community
        self.build = build
        self.grid = grid
        lo, hi = community.path, community.path + "~"
        self.compounds = {compound_key(c.name): c
                          for c in Compound.objects.filter(community=community)}
        self.buildings: dict[tuple[int | None, str], int] = {}
        self.buildings_by_key: dict[str, list[int]] = {}
        in_community = {"path__gte": lo, "path__lt": hi}
        for bid, compound_id, name in Building.objects.filter(**in_community).values_list(
                "id", "compound_id", "name"):
            key = building_key(name)
            self.buildings[(compound_id, key)] = bid
            self.buildings_by_key.setdefault(key, []).append(bid)
        self.entrances = {(building_id, entrance_key(name)): eid for eid, building_id, name in
                          Entrance.objects.filter(**in_community).values_list(
                              "id", "building_id", "name")}
        self.households: dict[tuple[int, str], tuple[int, str]] = {
            (entrance_id, room_key(room)): (hid, path) for hid, entrance_id, room, path in
            Household.objects.filter(**in_community).values_list("id", "entrance_id", "room",
                                                                 "path")
        }
        names = [a.name for a in Area.objects.filter(
            path__in=_ancestor_paths(community.path))]
        self.prefixes = tuple(sorted({n for n in names if n}, key=len, reverse=True))
        self.new_households: set[NewHousehold] = set()
        self._resolved: dict[AddressParts, tuple[int, str] | NewHousehold] = {}
        self.new_compounds: set[str] = set()
        self._new_compound_names: dict[str, str] = {}
        self.new_buildings: set[tuple[str, str]] = set()
        self.new_entrances: set[tuple[str, str, str]] = set()

    def parse(self, text: str) -> AddressParts:
        return parse_address(text, self.prefixes)

    def resolve(self, parts: AddressParts) -> tuple[int, str] | NewHousehold:
        """(household id, path) of an existing household, or the household to create."""
        found = self._resolved.get(parts)
        if found is None:
            found = self._resolved[parts] = self._resolve(parts)
        return found

    def _resolve(self, parts: AddressParts) -> tuple[int, str] | NewHousehold:
        compound_id: int | None = None
        if parts.compound:
            compound = self.compounds.get(compound_key(parts.compound))
            if compound is None:
                return self._new(parts)
            compound_id = compound.id
            building_id = self.buildings.get((compound_id, parts.building))
        else:
            candidates = self.buildings_by_key.get(parts.building, [])
            if len(candidates) > 1:
                raise CellError("address_ambiguous", "address",
                                _("Several compounds have building %(b)s; name the compound.")
                                % {"b": parts.building})
            building_id = candidates[0] if candidates else None
        if building_id is None:
            return self._new(parts)
        entrance_id = self.entrances.get((building_id, parts.entrance))
        if entrance_id is None:
            return self._new(parts)
        found = self.households.get((entrance_id, parts.room))
        return found if found is not None else self._new(parts)

    def _new(self, parts: AddressParts) -> NewHousehold:
        if not self.build:
            raise CellError("address_unknown", "address",
                            _("Not found in %(c)s: %(a)s. Check the address, or import again "
                              "choosing to add the housing the roster names.")
                            % {"c": self.community.name, "a": parts.label()})
        if self.grid is None:
            raise CellError("no_grid", "address",
                            _("The community has no grid to put new buildings in."))
        existing = self.compounds.get(compound_key(parts.compound)) if parts.compound else None
        building_id = None
        if existing is not None:
            building_id = self.buildings.get((existing.id, parts.building))
        elif not parts.compound:
            candidates = self.buildings_by_key.get(parts.building, [])
            building_id = candidates[0] if candidates else None
            if building_id is None:
                raise CellError("address_no_compound", "address",
                                _("To create building %(b)s the address must name its compound.")
                                % {"b": parts.building})
        # a new compound written two ways (金竹苑, 金竹苑小区) is one compound, named as first seen
        compound = existing.name if existing is not None else \
            self._new_compound_names.setdefault(compound_key(parts.compound), parts.compound)
        _fits(Compound, compound, _WHAT["compound"])  # lazy: translated only when refused
        _fits(Building, building_name(parts.building), _WHAT["building"])
        _fits(Entrance, entrance_name(parts.entrance), _WHAT["entrance"])
        _fits(Household, parts.room, _WHAT["room"], field="room")
        new = NewHousehold(compound, parts.building, parts.entrance, parts.room)
        self.new_households.add(new)
        if parts.compound and existing is None:
            self.new_compounds.add(compound)
        if building_id is None:
            self.new_buildings.add((compound, parts.building))
        elif (building_id, parts.entrance) not in self.entrances:
            self.new_entrances.add((compound, parts.building, parts.entrance))
        return new

    def _new_parts(self, hs: set[NewHousehold]):
        compounds = {h.compound for h in hs} & self.new_compounds
        buildings = {(h.compound, h.building) for h in hs} & self.new_buildings
        entrances = {(h.compound, h.building, h.entrance) for h in hs
                     if (h.compound, h.building) in buildings
                     or (h.compound, h.building, h.entrance) in self.new_entrances}
        return compounds, buildings, entrances

    def counts_new(self, households: set[NewHousehold] | None = None) -> dict[str, int]:
        """What creating ``households`` (default: every one planned) adds to the structure."""
        hs = self.new_households if households is None else households
        compounds, buildings, entrances = self._new_parts(hs)
        return {"compounds": len(compounds), "buildings": len(buildings),
                "entrances": len(entrances), "households": len(hs)}

    def listing(self, households: set[NewHousehold], limit: int) -> dict[str, list[str]]:
        """The names of what creating ``households`` adds, as the confirmation lists them
        (the first ``limit`` of each kind, in natural order)."""
        compounds, buildings, entrances = self._new_parts(households)

        def first(labels) -> list[str]:
            return sorted(labels, key=natural_key)[:limit]

        return {
            "compounds": first(compounds),
            "buildings": first(c + building_name(b) for c, b in buildings),
            "entrances": first(c + building_name(b) + entrance_name(e) for c, b, e in entrances),
            "households": first(h.compound + building_name(h.building)
                                + entrance_name(h.entrance) + h.room for h in households),
        }



def building_name(key: str) -> str:
    """The name a building created from a roster gets: 7 → 7栋."""
    return f"{key}栋"


def entrance_name(key: str) -> str:
    return f"{key}单元"


_WHAT = {"compound": gettext_lazy("compound"), "building": gettext_lazy("building"),
         "entrance": gettext_lazy("unit entrance"), "room": gettext_lazy("room")}


def _fits(model, value: str, what, field: str = "name") -> None:
    """Housing created from a roster must fit its columns: refuse the row, never cut."""
    limit = limit_of(model, field)
    if len(value) > limit:
        raise CellError("address_too_long", "address",
                        _("The %(what)s “%(v)s” is longer than %(n)d characters; shorten it in "
                          "the roster.") % {"what": what, "v": value, "n": limit})


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]
