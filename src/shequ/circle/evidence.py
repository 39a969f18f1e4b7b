"""Evidence for where to add a service point: the buildings a category does not reach,
weighted by the people living there and by the 民生 cases they filed about it, and the
candidate sites that would reach the most of that weight (greedy maximum coverage).

    weight(building) = households + CASE_WEIGHT × related 民生 cases (last 12 months)
    a candidate      = an uncovered building's own site
    its score        = the weight of the uncovered buildings within the walk of it
                       (straight line ≤ walk ÷ detour factor), not already reached by a
                       better-ranked candidate

Greedy maximum coverage is the textbook approximation (within 1 − 1/e of the best set of
k sites); the ranking is evidence for a decision, not the decision. The case categories of
the 民生 ledger map to service categories through ``CASE_CATEGORIES`` (ledger category
codes, seeded by ledgers' migration 0002)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy
from scipy.spatial import cKDTree

from shequ.ledgers.models import Case, Ledger
from shequ.territory.models import Building, Household

from .models import PointCategory
from .walk import WalkModel, project

CASE_WEIGHT = 5
CASE_WINDOW = dt.timedelta(days=365)

# ledger category code → the service categories a case of it speaks for
CASE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "utilities": (PointCategory.WATER, PointCategory.POWER, PointCategory.GAS),
    "elderly_care": (PointCategory.ELDERLY_CARE,),
    "social_assistance": (PointCategory.PARTY_MASS,),
}

SCORE_TEXT = gettext_lazy(
    "Weight of a building = its households + 5 × the 民生 cases about this category from it "
    "in the last 12 months. A candidate's score = the weight of the uncovered buildings "
    "within the walk of it that no better-ranked candidate already reaches (greedy maximum "
    "coverage).")


def ledger_codes_for(category: str) -> list[str]:
    return [code for code, cats in CASE_CATEGORIES.items() if category in cats]


@dataclass
class Candidate:
    rank: int
    building: Building
    score: int
    buildings: int
    households: int
    cases: int


def rank_candidates(*, gaps: list[tuple[int, float, float]], category: str,
                    model: WalkModel, k: int = 5, now: dt.datetime | None = None
                    ) -> list[Candidate]:
    """The ``k`` best sites among the uncovered buildings ``gaps`` ((id, lat, lng): the
    caller's scoped gap list of one category)."""
    if not gaps:
        return []
    ids = [g[0] for g in gaps]
    lat = np.array([g[1] for g in gaps], float)
    lng = np.array([g[2] for g in gaps], float)
    households = dict(Household.objects.filter(entrance__building_id__in=ids)
                      .values_list("entrance__building_id").annotate(n=Count("id"))
                      .values_list("entrance__building_id", "n"))
    since = (now or timezone.now()) - CASE_WINDOW
    codes = ledger_codes_for(category)
    cases = dict(Case.objects.filter(ledger=Ledger.LIVELIHOOD, category__code__in=codes,
                                     building_id__in=ids, created_at__gte=since)
                 .values_list("building_id").annotate(n=Count("id"))
                 .values_list("building_id", "n")) if codes else {}
    hh = np.array([households.get(i, 0) for i in ids], float)
    cs = np.array([cases.get(i, 0) for i in ids], float)
    weight = hh + CASE_WEIGHT * cs + 1  # an empty building still counts a little
    xy = project(lat, lng, float(lat.mean()))
    reach = cKDTree(xy).query_ball_point(xy, r=model.radius_m / model.detour)
    left = np.ones(len(ids), bool)
    chosen: list[tuple[int, list[int]]] = []
    for _round in range(min(k, len(ids))):
        best, best_score = -1, 0.0
        for c, near in enumerate(reach):
            score = weight[near][left[near]].sum()
            if score > best_score:
                best, best_score = c, score
        if best < 0:
            break
        near = [j for j in reach[best] if left[j]]
        left[near] = False
        chosen.append((best, near))
    buildings = Building.objects.select_related("compound", "grid").in_bulk(
        [ids[c] for c, _n in chosen])
    return [Candidate(rank=r, building=buildings[ids[c]], buildings=len(near),
                      households=int(hh[near].sum()), cases=int(cs[near].sum()),
                      score=int(weight[near].sum()))
            for r, (c, near) in enumerate(chosen, 1)]
