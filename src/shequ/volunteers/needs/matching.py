"""Matching volunteers to service needs: ranked candidates for one need, and a whole week's
open needs solved at once as an assignment problem.

Score of volunteer v for need n — four terms, each in [0, 1], weighted (``WEIGHTS``):

- skill: the volunteer's level in the skill the need asks for, /3 (a volunteer without
  that skill is *infeasible*); 0.5 for everyone when the need asks for no skill;
- availability: share of the need's weekday × time-band bits (availability.py) the
  volunteer has declared; no overlap at all is *infeasible*;
- nearness: 1 / (1 + d), d the great-circle distance in km from the volunteer's building
  to the need's place (0.3 when either position is unknown);
- fairness: 1 / (1 + load), load the volunteer's confirmed or accepted assignments that
  start in the last 30 days or later — so work spreads instead of going to the same few.

Also infeasible: a volunteer already confirmed/accepted for an overlapping time, the
resident who asked for the help, and volunteers outside the need's street or outside the
staff member's scope (the pool).

Week solve (``solve_week``). Each open need of the week is expanded into as many *slots*
as it still needs people. Slots and volunteers form a bipartite graph whose edges are the
feasible pairs, with cost 1 − score. Every volunteer may take at most one slot of the week
(so no volunteer is booked twice or at overlapping times by one solve). The minimum-cost
assignment is found with SciPy's ``linear_sum_assignment`` (the Jonker–Volgenant shortest
augmenting path algorithm, optimal, O(n³)) on the dense cost matrix, in which infeasible
pairs cost ``INFEASIBLE`` (1e6). Because ``INFEASIBLE`` exceeds the total cost of any set
of feasible pairs, the optimum first fills as many slots as possible and then maximises
the total score; pairs that come out at ``INFEASIBLE`` are left unfilled. Volunteers are
only ever feasible within their own street, so the problem splits exactly into one
independent assignment per street (slots × volunteers of that street who are feasible
for at least one slot): the union of the per-street optima is the global optimum, and the
matrices stay small. A greedy loop (each need takes its best free candidate in turn) can
leave a need unfilled when its only candidate was taken by an earlier need that had
others; the solver does not (see tests/test_matching.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from scipy.optimize import linear_sum_assignment

from ..people.availability import window_mask
from ..people.models import Volunteer, VolunteerSkill
from ..policies import Action
from .models import (
    ACTIVE_ASSIGNMENT_STATES,
    BUSY_ASSIGNMENT_STATES,
    Assignment,
    NeedState,
    ServiceNeed,
)

WEIGHTS = {"skill": 0.35, "availability": 0.25, "nearness": 0.25, "fairness": 0.15}
UNKNOWN_NEARNESS = 0.3
LOAD_WINDOW = dt.timedelta(days=30)
INFEASIBLE = 1e6
N_BITS = 21


def weights() -> dict:
    return getattr(settings, "VOLUNTEER_MATCH_WEIGHTS", WEIGHTS)


def street_of(path: str) -> str:
    return ".".join(path.split(".")[:2])


def km(lat1, lng1, lat2, lng2):
    """Great-circle distance in km (haversine); NaN where a position is unknown."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlat, dlng = p2 - p1, np.radians(lng2) - np.radians(lng1)
    a = np.sin(dlat / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlng / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _popcount(values: np.ndarray) -> np.ndarray:
    bits = (values[:, None] >> np.arange(N_BITS, dtype=np.int64)) & 1
    return bits.sum(axis=1)


@dataclass
class Pool:
    """The volunteers a need may draw from, as parallel arrays."""

    ids: np.ndarray
    resident_ids: np.ndarray
    availability: np.ndarray
    lat: np.ndarray
    lng: np.ndarray
    level: np.ndarray  # the need's skill level, 0 = lacks it (only for one need)
    load: np.ndarray


def score(pool: Pool, *, level: np.ndarray, need_mask: int, lat, lng,
          skill_wanted: bool) -> tuple[np.ndarray, np.ndarray]:
    """(scores, feasible) of every volunteer of ``pool`` for one need."""
    w = weights()
    wanted = max(1, int(need_mask).bit_count())
    avail = _popcount(pool.availability & need_mask) / wanted
    skill = level / 3.0 if skill_wanted else np.full(len(level), 0.5)
    if lat is None or lng is None:
        near = np.full(len(level), UNKNOWN_NEARNESS)
    else:
        d = km(pool.lat, pool.lng, lat, lng)
        near = np.where(np.isnan(d), UNKNOWN_NEARNESS, 1.0 / (1.0 + np.nan_to_num(d)))
    fair = 1.0 / (1.0 + pool.load)
    total = (w["skill"] * skill + w["availability"] * avail + w["nearness"] * near
             + w["fairness"] * fair)
    feasible = (avail > 0) & ((level > 0) if skill_wanted else True)
    return total, feasible


def _load(street: str) -> dict[int, int]:
    """Recent and upcoming confirmed/accepted assignments per volunteer of a street."""
    return dict(Assignment.objects.filter(
        state__in=BUSY_ASSIGNMENT_STATES, starts_at__gte=timezone.now() - LOAD_WINDOW,
        volunteer__path__gte=street, volunteer__path__lt=street + "~")
        .values("volunteer_id").annotate(n=Count("id")).values_list("volunteer_id", "n"))


def _pool_queryset(actor, path_prefix: str):
    qs = Volunteer.objects.filter(is_active=True, path__gte=path_prefix,
                                  path__lt=path_prefix + "~")
    if actor is not None:
        qs = qs.for_actor(actor, Action.VIEW_VOLUNTEERS)
    return qs


@dataclass
class Candidate:
    volunteer_id: int
    name: str
    score: float
    level: int
    availability: float
    km: float | None
    load: int


def candidates(actor, need: ServiceNeed, *, limit: int = 20) -> list[Candidate]:
    """Volunteers for one need, best first: feasible ones only (see module docstring)."""
    street = street_of(need.path)
    qs = _pool_queryset(actor, street)
    if need.skill_id:
        rows = list(qs.filter(skill_rows__skill_id=need.skill_id).values_list(
            "pk", "resident_id", "availability", "lat", "lng", "skill_rows__level"))
    else:
        rows = [(*r, 0) for r in qs.values_list("pk", "resident_id", "availability", "lat", "lng")]
    if not rows:
        return []
    arr = np.array([(r[0], r[1], r[2], np.nan if r[3] is None else r[3],
                     np.nan if r[4] is None else r[4], r[5]) for r in rows], dtype=float)
    ids = arr[:, 0].astype(np.int64)
    load_map = _load(street)
    pool = Pool(ids=ids, resident_ids=arr[:, 1].astype(np.int64),
                availability=arr[:, 2].astype(np.int64), lat=arr[:, 3], lng=arr[:, 4],
                level=arr[:, 5], load=np.array([load_map.get(int(i), 0) for i in ids], float))
    total, feasible = score(pool, level=pool.level, need_mask=window_mask(need.starts_at,
                                                                          need.ends_at),
                            lat=need.lat, lng=need.lng, skill_wanted=bool(need.skill_id))
    blocked = set(Assignment.objects.filter(
        volunteer__path__gte=street, volunteer__path__lt=street + "~",
        state__in=BUSY_ASSIGNMENT_STATES, starts_at__lt=need.ends_at,
        ends_at__gt=need.starts_at).values_list("volunteer_id", flat=True))
    blocked |= set(Assignment.objects.filter(need=need, state__in=ACTIVE_ASSIGNMENT_STATES)
                   .exclude(state="proposed").values_list("volunteer_id", flat=True))
    if blocked:
        feasible &= ~np.isin(ids, list(blocked))
    if need.requester_id:
        feasible &= pool.resident_ids != need.requester_id
    order = [i for i in np.argsort(-total, kind="stable") if feasible[i]][:limit]
    chosen = [int(ids[i]) for i in order]
    names = dict(Volunteer.objects.filter(pk__in=chosen).values_list("pk", "resident__name"))
    wanted = max(1, window_mask(need.starts_at, need.ends_at).bit_count())
    out = []
    for i in order:
        d = (km(pool.lat[i], pool.lng[i], need.lat, need.lng)
             if need.lat is not None and need.lng is not None else np.nan)
        out.append(Candidate(
            volunteer_id=int(ids[i]), name=names.get(int(ids[i]), ""), score=float(total[i]),
            level=int(pool.level[i]),
            availability=(int(pool.availability[i]) & window_mask(
                need.starts_at, need.ends_at)).bit_count() / wanted,
            km=None if np.isnan(d) else round(float(d), 2), load=int(pool.load[i])))
    return out


@dataclass
class Solution:
    pairs: list[tuple[int, int, float]] = field(default_factory=list)  # need, volunteer, score
    needs: list[int] = field(default_factory=list)
    slots: int = 0
    unfilled: dict[int, int] = field(default_factory=dict)  # need id → slots left open

    @property
    def filled(self) -> int:
        return len(self.pairs)


def assign(costs: np.ndarray) -> list[tuple[int, int]]:
    """Optimal (row, column) pairs of a cost matrix, leaving out infeasible ones."""
    if costs.size == 0:
        return []
    rows, cols = linear_sum_assignment(costs)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)
            if costs[r, c] < INFEASIBLE]


def solve_week(actor, *, week_start: dt.date, area_path: str = "") -> Solution:
    """Assign volunteers to every open need starting in the week from ``week_start``
    (local time) within the actor's scope (and ``area_path``), optimally; nothing is
    written — ``services.proposals_replace`` stores the result as proposals."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(week_start, dt.time.min, tzinfo=tz)
    end = start + dt.timedelta(days=7)
    needs_qs = ServiceNeed.objects.filter(state=NeedState.OPEN, starts_at__gte=start,
                                          starts_at__lt=end)
    if actor is not None:
        needs_qs = needs_qs.for_actor(actor, Action.MANAGE_VOLUNTEERS)
    if area_path:
        needs_qs = needs_qs.filter(path__gte=area_path, path__lt=area_path + "~")
    needs = list(needs_qs.values_list("pk", "skill_id", "starts_at", "ends_at", "lat", "lng",
                                      "path", "people_needed", "requester_id"))
    solution = Solution(needs=[n[0] for n in needs])
    if not needs:
        return solution
    taken = dict(Assignment.objects.filter(need_id__in=solution.needs,
                                           state__in=BUSY_ASSIGNMENT_STATES)
                 .values("need_id").annotate(n=Count("id")).values_list("need_id", "n"))
    by_street: dict[str, list] = defaultdict(list)
    for n in needs:
        if n[7] - taken.get(n[0], 0) > 0:
            by_street[street_of(n[6])].append(n)
    for street, street_needs in sorted(by_street.items()):
        _solve_street(actor, street, street_needs, taken, start, end, solution)
    return solution


def _solve_street(actor, street, needs, taken, start, end, solution: Solution) -> None:
    qs = _pool_queryset(actor, street)
    vols = list(qs.values_list("pk", "resident_id", "availability", "lat", "lng"))
    remaining = {n[0]: n[7] - taken.get(n[0], 0) for n in needs}
    if not vols:
        for n in needs:
            solution.unfilled[n[0]] = remaining[n[0]]
            solution.slots += remaining[n[0]]
        return
    ids = np.array([v[0] for v in vols], dtype=np.int64)
    col = {int(v): i for i, v in enumerate(ids)}
    levels: dict[int, np.ndarray] = defaultdict(lambda: np.zeros(len(ids)))
    for vid, skill_id, level in VolunteerSkill.objects.filter(
            volunteer__in=qs).values_list("volunteer_id", "skill_id", "level").iterator():
        levels[skill_id][col[vid]] = level
    load_map = _load(street)
    pool = Pool(ids=ids, resident_ids=np.array([v[1] for v in vols], dtype=np.int64),
                availability=np.array([v[2] for v in vols], dtype=np.int64),
                lat=np.array([np.nan if v[3] is None else v[3] for v in vols]),
                lng=np.array([np.nan if v[4] is None else v[4] for v in vols]),
                level=np.zeros(len(ids)), load=np.array([load_map.get(int(i), 0) for i in ids],
                                                        dtype=float))
    busy = list(Assignment.objects.filter(
        volunteer__in=qs, state__in=BUSY_ASSIGNMENT_STATES, starts_at__lt=end,
        ends_at__gt=start).values_list("volunteer_id", "starts_at", "ends_at"))
    b_col = np.array([col[b[0]] for b in busy], dtype=np.int64)
    b_start = np.array([b[1].timestamp() for b in busy])
    b_end = np.array([b[2].timestamp() for b in busy])
    rows, row_need = [], []
    for pk, skill_id, s, e, lat, lng, _path, _people, requester_id in needs:
        level = levels[skill_id] if skill_id else np.zeros(len(ids))
        total, feasible = score(pool, level=level, need_mask=window_mask(s, e), lat=lat,
                                lng=lng, skill_wanted=bool(skill_id))
        if len(busy):
            clash = (b_start < e.timestamp()) & (b_end > s.timestamp())
            feasible[b_col[clash]] = False
        if requester_id:
            feasible &= pool.resident_ids != requester_id
        cost = np.where(feasible, 1.0 - total, INFEASIBLE)
        for _ in range(remaining[pk]):
            rows.append(cost)
            row_need.append(pk)
    costs = np.vstack(rows)
    useful = np.flatnonzero((costs < INFEASIBLE).any(axis=0))
    solution.slots += len(row_need)
    filled: dict[int, int] = defaultdict(int)
    for r, c in assign(costs[:, useful]):
        vol = int(ids[useful[c]])
        solution.pairs.append((row_need[r], vol, float(1.0 - costs[r, useful[c]])))
        filled[row_need[r]] += 1
    for pk, n in remaining.items():
        if n - filled[pk] > 0:
            solution.unfilled[pk] = n - filled[pk]
