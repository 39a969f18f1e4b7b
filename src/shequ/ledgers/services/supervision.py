"""What the 监委会's monthly score (每月考评, stored by the supervision app) measures of a
community's grid workers.

Published criteria of the monthly score (stored with each score in ``criteria``):
on-time rate 40, satisfaction rate 30, (1 − reopen rate) 15, visits 15 (full marks at
``VISIT_TARGET`` visits a month). A rate with nothing to measure (no case resolved, none
rated) is left out and the other weights are rescaled. Supervisors may adjust the result
by at most ±10 points with a written reason.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q

from shequ.accounts.models import Grant, User
from shequ.accounts.roles import Role
from shequ.core import manifest
from shequ.supervision.selectors import month_bounds
from shequ.territory.models import Area

from ..models import Case, CaseSource, Rating

WEIGHTS = {"on_time": 40, "satisfaction": 30, "no_reopen": 15, "visits": 15}
VISIT_TARGET = 20
MAX_ADJUSTMENT = 10.0

def grid_workers(community: Area, month: dt.date) -> list[User]:
    """The people scored: whoever holds the grid-worker role on a grid of the community."""
    ids = (Grant.objects.filter(role=Role.GRID_WORKER, area__parent=community)
           .values_list("user_id", flat=True).distinct())
    return list(User.objects.filter(pk__in=list(ids)).order_by("pk"))


def measure(worker, community: Area, month: dt.date) -> dict:
    """The month's figures for one grid worker's cases in one community."""
    start, end = month_bounds(month)
    mine = Case.objects.filter(assigned_to=worker, path__gte=community.path,
                               path__lt=community.path + "~")
    resolved = mine.filter(resolved_at__gte=start, resolved_at__lt=end).aggregate(
        n=Count("id"), on_time=Count("id", filter=Q(resolved_at__lte=F("due_at"))),
        reopened=Count("id", filter=Q(reopened_count__gt=0)))
    rated = mine.filter(rated_at__gte=start, rated_at__lt=end).aggregate(
        n=Count("id"), good=Count("id", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASIC])))
    visits = Case.objects.filter(created_by=worker, source=CaseSource.VISIT,
                                 created_at__gte=start, created_at__lt=end,
                                 path__gte=community.path, path__lt=community.path + "~").count()
    # visits logged in other modules (no case filed), declared in their manifests
    visits += sum(count(worker, community.path, start, end)
                  for count in manifest.visit_counters())
    n = resolved["n"]
    return {
        "cases_handled": n,
        "on_time_rate": resolved["on_time"] / n if n else None,
        "reopen_rate": resolved["reopened"] / n if n else None,
        "satisfaction_rate": rated["good"] / rated["n"] if rated["n"] else None,
        "visit_count": visits,
    }


def score(m: dict) -> float:
    parts = {
        "on_time": m["on_time_rate"],
        "satisfaction": m["satisfaction_rate"],
        "no_reopen": None if m["reopen_rate"] is None else 1 - m["reopen_rate"],
        "visits": min(m["visit_count"] / VISIT_TARGET, 1.0),
    }
    weight = sum(WEIGHTS[k] for k, v in parts.items() if v is not None)
    total = sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None)
    return round(100 * total / weight, 1) if weight else 0.0


CRITERIA = {"weights": WEIGHTS, "visit_target": VISIT_TARGET, "max_adjustment": MAX_ADJUSTMENT,
            "version": 1}
