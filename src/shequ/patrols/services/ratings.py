"""平安楼栋: the monthly rating of each building of a community, and the shortlist it
offers the campaigns module's 平安楼栋 selection.

    score = round(100 × coverage) − 10 × incidents − 20 × stability cases, at least 0

where *coverage* = checkpoint scans at the building ÷ scans due (each shift of the month
that has begun, on a route with checkpoints at the building, owes one scan per such
checkpoint; no scans due → coverage 0), *incidents* = patrol incidents recorded at the
building that month, *stability cases* = cases of the stability ledger (稳定) about the
building received that month. The formula is shown on the ratings page (``FORMULA``).

Patrols sit in the layer above campaigns (pyproject's import-linter contract), so the
shortlist goes through campaigns' own ``nomination_submit`` — the nomination rules
(state, place, reason, audit) stay written once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.campaigns import services as campaign_services
from shequ.campaigns.models import SelectionKind
from shequ.core import audit
from shequ.core.errors import DomainError
from shequ.core.scoping import Scope
from shequ.ledgers.models import Case
from shequ.territory.models import AreaKind, Building

from ..models import BuildingRating, CheckIn, Checkpoint, Incident, Shift
from ..planning import month_days
from ..policies import Action, rating_policy
from .plans import local_span

FORMULA = gettext_lazy(
    "Score = 100 × patrol coverage − 10 × incidents − 20 × stability cases (at least 0). "
    "Patrol coverage = checkpoint scans at the building ÷ scans due (one per shift of the "
    "month on a route passing the building, per checkpoint there).")


def score(*, visits_due: int, visits_done: int, incidents: int, cases: int) -> int:
    coverage = visits_done / visits_due if visits_due else 0.0
    return max(0, round(100 * min(1.0, coverage)) - 10 * incidents - 20 * cases)


def _month_span(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    days = month_days(month)
    return (local_span(days[0], dt.time(0), dt.time(0))[0],
            local_span(days[-1], dt.time(0), dt.time(0))[1])


@transaction.atomic
def ratings_compute(*, actor, community, month: dt.date, now: dt.datetime | None = None
                    ) -> int:
    """(Re)compute the month's rating of every building of a community; returns how many
    buildings were rated."""
    rating_policy.require(actor, Action.MANAGE_PATROLS, community)
    if community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("Choose a community."), field="community")
    month = month.replace(day=1)
    start, end = _month_span(month)
    until = min(end, now or timezone.now())
    within = Scope.of([community.path]).path_q()
    buildings = list(Building.objects.filter(within).values_list("id", "path"))
    ids = [b for b, _p in buildings]
    incidents = Counter(dict(Incident.objects.filter(
        building_id__in=ids, at__gte=start, at__lt=end).values_list("building_id")
        .annotate(n=Count("id")).values_list("building_id", "n")))
    cases = Counter(dict(Case.objects.filter(
        ledger="stability", building_id__in=ids, created_at__gte=start, created_at__lt=end)
        .values_list("building_id").annotate(n=Count("id")).values_list("building_id", "n")))
    done = Counter(dict(CheckIn.objects.filter(
        building_id__in=ids, at__gte=start, at__lt=end).values_list("building_id")
        .annotate(n=Count("id")).values_list("building_id", "n")))
    points = list(Checkpoint.objects.filter(building_id__in=ids).values_list(
        "building_id", "route_id"))
    shifts_per_route = Counter(dict(Shift.objects.filter(
        route_id__in={r for _b, r in points}, starts_at__gte=start, starts_at__lt=until,
        plan__state="published").values_list("route_id").annotate(n=Count("id"))
        .values_list("route_id", "n")))
    due: Counter = Counter()
    for building_id, route_id in points:
        due[building_id] += shifts_per_route[route_id]
    BuildingRating.objects.filter(building_id__in=ids, month=month).delete()
    BuildingRating.objects.bulk_create([
        BuildingRating(building_id=b, month=month, path=path, incidents=incidents[b],
                       cases=cases[b], visits_due=due[b], visits_done=min(done[b], due[b]),
                       score=score(visits_due=due[b], visits_done=done[b],
                                   incidents=incidents[b], cases=cases[b]))
        for b, path in buildings], batch_size=1000)
    audit.record(actor=actor, action="rate_buildings", entity="patrol_rating",
                 entity_id=community.pk, summary=f"{community.name} {month:%Y-%m}",
                 after={"buildings": len(buildings)})
    return len(buildings)


@transaction.atomic
def shortlist_offer(*, actor, selection, month: dt.date, size: int = 5) -> list:
    """Nominate the month's best-rated buildings of the selection's community to a
    平安楼栋 selection (buildings already nominated are skipped) — the shortlist the
    campaign then reviews and votes on."""
    rating_policy.require(actor, Action.MANAGE_PATROLS, selection.path)
    if selection.kind != SelectionKind.SAFE_BUILDING:
        raise DomainError(_("Only a safe-building selection takes this shortlist."),
                          field="selection")
    if not 1 <= int(size) <= 20:
        raise DomainError(_("Between 1 and 20 buildings."), field="size")
    taken = set(selection.nominations.exclude(building=None).values_list("building_id",
                                                                          flat=True))
    best = (BuildingRating.objects.filter(Scope.of([selection.path]).path_q(),
                                          month=month.replace(day=1), score__gt=0)
            .exclude(building_id__in=taken).select_related("building__compound")
            .order_by("-score", "path", "id")[:int(size)])
    out = []
    for r in best:
        reason = _("平安楼栋 rating %(score)d in %(month)s: patrol coverage %(cov)d%%, "
                   "%(inc)d incidents, %(cases)d stability cases.") % {
            "score": r.score, "month": f"{r.month:%Y-%m}", "cov": round(100 * r.coverage),
            "inc": r.incidents, "cases": r.cases}
        out.append(campaign_services.nomination_submit(
            actor=actor, selection=selection, nominee=str(r.building)[:60], reason=reason,
            building=r.building))
    audit.record(actor=actor, action="offer_shortlist", entity="patrol_rating",
                 entity_id=selection.pk, summary=selection.title,
                 after={"nominations": len(out)})
    return out
