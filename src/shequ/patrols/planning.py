"""The month's shift plan as a maximum-flow problem (scipy.sparse.csgraph.maximum_flow).

    source ─(max shifts − already planned)→ person ─(1)→ person×day ─(1)→ slot ─(1)→ sink

A *slot* is one place on one route for one band of one day (a band needing two people is
two slots). An edge person×day → slot exists when the person is available then (weekday
and daily window) and belongs to a pool above the slot's grid (their community, or a
street or district pool). The person×day node caps everyone at one shift a day, the
source edge at the month's maximum; a maximum flow covers as many slots as the pool can.

A bare maximum flow may load a few people to the maximum while others idle, so the plan is
grown fairly: the source caps start at one shift and rise by one per round, each round
augmenting the previous flow (coverage ends as high as the bare flow), and a last pass
moves single shifts from anyone two above a free, eligible colleague.

Why a flow and not ``linear_sum_assignment``: the assignment solver needs a dense
slots × (people × max shifts) cost matrix — 9,000 × 24,000 for the district demo, 1.7 GB
— and cannot say "one shift a day"; ``linprog`` on the same graph is a 700k-variable LP.
The flow network is sparse (each slot sees only its own community's pool), expresses
both caps exactly, is integral by construction, and Dinic's algorithm solves the district
month in well under a second (bench/patrols_bench.py).

Pure Python + NumPy/SciPy: no database here; ``services.plan_generate`` feeds it rows
and writes the shifts it returns.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow


@dataclass(frozen=True)
class Slot:
    grid: str            # the grid's path
    route: int
    date: dt.date
    starts: dt.time
    ends: dt.time


@dataclass(frozen=True)
class Person:
    id: int
    home: str            # the path of the pool's area (a community, or above)
    weekdays: int        # bit 0 = Monday
    available_from: dt.time
    available_until: dt.time
    used: int = 0        # shifts already planned this month elsewhere
    busy: frozenset = field(default_factory=frozenset)  # dates already taken

    def available(self, slot: Slot) -> bool:
        return available(self.weekdays, self.available_from, self.available_until,
                         slot.date, slot.starts, slot.ends)


def available(weekdays: int, available_from: dt.time, available_until: dt.time,
              day: dt.date, starts: dt.time, ends: dt.time) -> bool:
    """Whether someone free on ``weekdays`` (bit 0 = Monday) from ``available_from`` to
    ``available_until`` can take the band ``starts``–``ends`` of ``day`` (a band ending at
    midnight is written 00:00 and needs someone free until 23:59)."""
    ends_ok = ends <= available_until or (ends == dt.time(0)
                                          and available_until >= dt.time(23, 59))
    return bool(weekdays & (1 << day.weekday())) and available_from <= starts and ends_ok


def ancestors(path: str) -> list[str]:
    """'01.03.012.007' → ['01', '01.03', '01.03.012', '01.03.012.007']."""
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def assign(slots: Sequence[Slot], people: Sequence[Person], max_shifts: int, *,
           fair: bool = True) -> dict[int, int]:
    """The slot index → person id of a maximum assignment: nobody over ``max_shifts``
    (counting ``used``), nobody twice a day, only available people of a pool above the
    slot's grid. With ``fair`` the load is spread: the flow is grown round by round with
    everyone's cap raised by one shift at a time (each round augments the previous flow,
    so coverage ends exactly as high as one unbounded maximum flow), then ``_balance``
    moves single shifts from anyone two or more above an eligible, free colleague."""
    if not slots or not people or max_shifts < 1:
        return {}
    by_home: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(people):
        if p.used < max_shifts:
            by_home[p.home].append(i)
    n_people, n_slots = len(people), len(slots)
    slot0 = 2 + n_people
    day_node: dict[tuple[int, dt.date], int] = {}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    # Slots that share grid, date and band see the same people: test availability once.
    groups: dict[tuple, list[int]] = defaultdict(list)
    for s, slot in enumerate(slots):
        groups[(slot.grid, slot.date, slot.starts, slot.ends)].append(s)
    eligible_of: dict[int, list[int]] = {}   # slot → eligible person indices (shared list)
    next_node = slot0 + n_slots
    for (grid, date, _starts, _ends), members in groups.items():
        probe = slots[members[0]]
        eligible, who = [], []
        for home in ancestors(grid):
            for i in by_home.get(home, ()):
                p = people[i]
                if date not in p.busy and p.available(probe):
                    key = (i, date)
                    node = day_node.get(key)
                    if node is None:
                        node = day_node[key] = next_node
                        next_node += 1
                    eligible.append(node)
                    who.append(i)
        for s in members:
            eligible_of[s] = who
        if eligible:
            e = np.asarray(eligible, dtype=np.int32)
            m = np.asarray(members, dtype=np.int32) + slot0
            rows.append(np.repeat(e, len(m)))
            cols.append(np.tile(m, len(e)))
    if not day_node:
        return {}
    keys = list(day_node)
    person_idx = np.fromiter((k[0] for k in keys), dtype=np.int32, count=len(keys))
    day_nodes = np.fromiter(day_node.values(), dtype=np.int32, count=len(keys))
    used0 = np.array([p.used for p in people], dtype=np.int32)
    src_rows = np.zeros(n_people, dtype=np.int32)
    src_cols = np.arange(2, 2 + n_people, dtype=np.int32)
    sink_rows = np.arange(slot0, slot0 + n_slots, dtype=np.int32)
    all_rows = np.concatenate([src_rows, person_idx + 2, *rows, sink_rows])
    all_cols = np.concatenate([src_cols, day_nodes, *cols,
                               np.ones(n_slots, dtype=np.int32)])
    caps = np.ones(len(all_rows), dtype=np.int32)
    flow = np.zeros(len(all_rows), dtype=np.int32)
    for cap in range(1 if fair else max_shifts, max_shifts + 1):
        caps[:n_people] = np.clip(cap - used0, 0, None)
        flow += _augment(all_rows, all_cols, caps, flow, next_node)
        if int(flow[-n_slots:].sum()) == n_slots:
            break
    on = (flow > 0) & (all_cols >= slot0) & (all_cols < slot0 + n_slots) & (
        all_rows >= slot0 + n_slots)
    node_person = dict(zip(day_nodes.tolist(), person_idx.tolist(), strict=True))
    chosen = {int(c) - slot0: node_person[int(r)]
              for r, c in zip(all_rows[on], all_cols[on], strict=True)}
    if fair:
        _balance(chosen, slots, eligible_of, used0.tolist())
    return {s: people[i].id for s, i in chosen.items()}


def _augment(rows: np.ndarray, cols: np.ndarray, caps: np.ndarray, flow: np.ndarray,
             n: int) -> np.ndarray:
    """The change of flow on each edge after a maximum flow on the residual network of
    ``flow`` (forward room ``caps − flow``, backward ``flow``): SciPy cannot start from a
    given flow, so each round solves the residual graph and adds the result. The network
    is layered (no antiparallel edges), so the net flow SciPy reports on (u, v) is exactly
    the change on the original edge."""
    room = caps - flow
    fwd, back = room > 0, flow > 0
    graph = csr_array((np.concatenate([room[fwd], flow[back]]),
                       (np.concatenate([rows[fwd], cols[back]]),
                        np.concatenate([cols[fwd], rows[back]]))), shape=(n, n))
    result = maximum_flow(graph, 0, 1).flow.tocoo()
    keys = result.row.astype(np.int64) * n + result.col
    order = np.argsort(keys)
    keys, vals = keys[order], result.data[order]
    wanted = rows.astype(np.int64) * n + cols
    at = np.clip(np.searchsorted(keys, wanted), 0, max(len(keys) - 1, 0))
    if not len(keys):
        return np.zeros_like(flow)
    return np.where(keys[at] == wanted, vals[at], 0).astype(np.int32)


def _balance(chosen: dict[int, int], slots: Sequence[Slot],
             eligible_of: dict[int, list[int]], used: list[int]) -> None:
    """Move a shift from someone with ``load`` ≥ a free eligible colleague's + 2 to that
    colleague until none is left. Coverage is unchanged and the sum of squared loads
    drops with each move, so it ends; afterwards two people with the same availability
    and pool differ by at most one shift (a gap of two leaves a day only one works)."""
    load = list(used)
    taken = set()
    for s, i in chosen.items():
        load[i] += 1
        taken.add((i, slots[s].date))
    moved = True
    while moved:
        moved = False
        for s, a in list(chosen.items()):
            date = slots[s].date
            best = None
            for b in eligible_of[s]:
                if load[b] + 2 <= load[a] and (b, date) not in taken and (
                        best is None or load[b] < load[best]):
                    best = b
            if best is not None:
                chosen[s] = best
                taken.discard((a, date))
                taken.add((best, date))
                load[a] -= 1
                load[best] += 1
                moved = True


@dataclass(frozen=True)
class Band:
    """One coverage requirement of a grid (``patrols.models.Coverage`` as plain data)."""

    grid: str
    starts: dt.time
    ends: dt.time
    weekdays: int
    guards: int


def month_days(month: dt.date) -> list[dt.date]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return [first + dt.timedelta(days=i) for i in range((nxt - first).days)]


def required_slots(month: dt.date, bands: Sequence[Band], routes: dict[str, list[int]]
                   ) -> list[Slot]:
    """Every slot the bands ask for in ``month``. A band needing ``guards`` people on a
    grid with several routes rotates them day by day, so each route is walked in turn."""
    out = []
    for i, day in enumerate(month_days(month)):
        bit = 1 << day.weekday()
        for band in bands:
            grid_routes = routes.get(band.grid) or []
            if not grid_routes or not band.weekdays & bit:
                continue
            for g in range(band.guards):
                route = grid_routes[(i * band.guards + g) % len(grid_routes)]
                out.append(Slot(band.grid, route, day, band.starts, band.ends))
    return out
