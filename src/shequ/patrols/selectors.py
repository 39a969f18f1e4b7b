"""Scoped reads of 平安联护. Every list goes through a policy's ``instances_for`` (the
actor's grants), a member's own shifts through their pool rows; ``*_get_for_actor``
raises one NotFound for missing and out of sight."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import DomainError, NotFound
from shequ.core.scoping import Scope
from shequ.territory.models import Area, Building, Compound
from shequ.territory.selectors import community_path

from . import planning
from .models import (
    BuildingRating,
    Checkpoint,
    Coverage,
    Incident,
    PatrolMember,
    Route,
    Shift,
    ShiftPlan,
    SwapRequest,
    SwapState,
)
from .policies import (
    Action,
    coverage_policy,
    incident_policy,
    member_policy,
    own_member_ids,
    plan_policy,
    rating_policy,
    route_policy,
    shift_policy,
    swap_policy,
)
from .services.patrol import EARLY, LATE


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=int(pk))
    except (qs.model.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def areas_for(actor, action: str, kind: str) -> QuerySet[Area]:
    """Grids or communities where ``actor`` holds ``action`` (a form's choices)."""
    return Area.objects.for_actor(actor, action).filter(kind=kind).order_by("path")


# -- pool, routes, coverage --------------------------------------------------------------------
def member_list(*, actor, q: str = "", area_path: str = "") -> QuerySet[PatrolMember]:
    qs = member_policy.instances_for(actor).select_related("unit", "community")
    if q:
        qs = qs.filter(name__startswith=q[:40])
    if area_path:
        qs = qs.filter(path=area_path)
    return qs.order_by("path", "name", "id")


def member_get_for_actor(actor, member_id) -> PatrolMember:
    return _get(member_policy.instances_for(actor), member_id)


def route_list(*, actor, grid: Area | None = None) -> QuerySet[Route]:
    qs = route_policy.instances_for(actor).select_related("grid").annotate(
        checkpoint_count=Count("checkpoints"))
    if grid is not None:
        qs = qs.filter(grid=grid)
    return qs.order_by("path", "name", "id")


def route_get_for_actor(actor, route_id) -> Route:
    return _get(route_policy.instances_for(actor).select_related("grid"), route_id)


def route_checkpoints(route: Route) -> list[Checkpoint]:
    return list(route.checkpoints.select_related("building__compound", "compound")
                .order_by("order"))


def route_checkpoint(route: Route, checkpoint_id) -> Checkpoint:
    """A checkpoint of this (already scoped) route; another route's id is not found."""
    point = route.checkpoints.select_related("route").filter(pk=checkpoint_id).first()
    if point is None:
        raise NotFound()
    return point


def checkpoint_for_token(token: str) -> Checkpoint:
    """The checkpoint a QR code names (anyone signed in may open the scan page; the
    check-in service decides whether the scan counts)."""
    point = (Checkpoint.objects.select_related("route__grid")
             .filter(token=str(token)[:32]).first())
    if point is None:
        raise NotFound()
    return point


def coverage_list(*, actor, grid: Area | None = None) -> QuerySet[Coverage]:
    qs = coverage_policy.instances_for(actor).select_related("grid")
    if grid is not None:
        qs = qs.filter(grid=grid)
    return qs.order_by("path", "starts", "id")


def coverage_get_for_actor(actor, coverage_id) -> Coverage:
    return _get(coverage_policy.instances_for(actor), coverage_id)


# -- plans, shifts, swaps ----------------------------------------------------------------------
def plan_list(*, actor) -> QuerySet[ShiftPlan]:
    return plan_policy.instances_for(actor).select_related("area").order_by("-month", "path",
                                                                             "-id")


def plan_get_for_actor(actor, plan_id) -> ShiftPlan:
    return _get(plan_policy.instances_for(actor).select_related("area"), plan_id)


def plan_uncovered(plan: ShiftPlan) -> list[dict]:
    """The slots the plan leaves without a person, per grid, date and band — what the
    coverage asks for now, against the shifts the plan holds."""
    from .services.plans import plan_inputs  # the same inputs the generator reads
    try:
        bands, routes = plan_inputs(plan.area, plan.month)
    except DomainError:  # routes or coverage removed since: nothing to compare
        return []
    need = Counter((s.grid, s.date, s.starts) for s in
                   planning.required_slots(plan.month, bands, routes))
    have = Counter()
    for path, start in plan.shifts.values_list("path", "starts_at"):
        local = timezone.localtime(start)
        have[(path, local.date(), local.time())] += 1
    names = dict(Area.objects.filter(path__in={k[0] for k in need}).values_list("path", "name"))
    ends = {(b.grid, b.starts): b.ends for b in bands}
    out = []
    for (grid, date, starts), n in sorted(need.items()):
        missing = n - have[(grid, date, starts)]
        if missing > 0:
            out.append({"grid": names.get(grid, grid), "date": date, "starts": starts,
                        "ends": ends[(grid, starts)], "missing": missing})
    return out


def shift_list(*, actor, plan: ShiftPlan | None = None, date: dt.date | None = None
               ) -> QuerySet[Shift]:
    qs = shift_policy.instances_for(actor).select_related("member", "route__grid")
    if plan is not None:
        qs = qs.filter(plan=plan)
    if date is not None:
        qs = qs.filter(date=date)
    return qs.order_by("starts_at", "id")


def shift_get_for_actor(actor, shift_id) -> Shift:
    """A shift the actor sees as staff, or their own."""
    mine = own_member_ids(actor)
    qs = Shift.objects.select_related("member", "route__grid", "plan").filter(
        Q(member_id__in=mine) | Q(pk__in=shift_policy.instances_for(actor).values("pk")))
    return _get(qs, shift_id)


def my_shifts(actor, *, since: dt.date | None = None, days: int = 31) -> QuerySet[Shift]:
    """The actor's published shifts from ``since`` (today) on — their phone's list."""
    since = since or timezone.localdate()
    return (Shift.objects.filter(member_id__in=own_member_ids(actor), plan__state="published",
                                 date__gte=since, date__lt=since + dt.timedelta(days=days))
            .select_related("route__grid").annotate(scans=Count("checkins"))
            .order_by("starts_at", "id"))


def my_shift_now(actor, now: dt.datetime | None = None) -> Shift | None:
    """The actor's shift on now, if any (the incident form's default)."""
    now = now or timezone.now()
    return (my_shifts(actor, since=timezone.localdate(now) - dt.timedelta(days=1), days=2)
            .filter(starts_at__lte=now + EARLY, ends_at__gte=now - LATE).first())


def pool_for_shift(shift: Shift) -> QuerySet[PatrolMember]:
    """Who a shift could be handed to: the active pools above its grid."""
    return (PatrolMember.objects.filter(path__in=planning.ancestors(shift.path), is_active=True)
            .exclude(pk=shift.member_id).order_by("name", "id"))


def swap_list(*, actor, pending: bool = True) -> QuerySet[SwapRequest]:
    qs = swap_policy.instances_for(actor).select_related(
        "shift__route", "from_member", "to_member")
    if pending:
        qs = qs.filter(state=SwapState.PENDING)
    return qs.order_by("-requested_at", "-id")


def swap_get_for_actor(actor, swap_id) -> SwapRequest:
    return _get(swap_policy.instances_for(actor).select_related("shift", "to_member"), swap_id)


# -- incidents and ratings ---------------------------------------------------------------------
def incident_list(*, actor, grid: Area | None = None) -> QuerySet[Incident]:
    qs = incident_policy.instances_for(actor).select_related("grid", "building__compound")
    if grid is not None:
        qs = qs.filter(grid=grid)
    return qs.order_by("-at", "-id")


def incident_get_for_actor(actor, incident_id) -> Incident:
    qs = incident_policy.instances_for(actor, Action.VIEW_PATROLS).select_related(
        "grid", "building__compound", "case")
    return _get(qs, incident_id)


def rating_list(*, actor, month: dt.date, area_path: str = "") -> QuerySet[BuildingRating]:
    """Buildings ranked by their month's 平安楼栋 score (best first)."""
    qs = rating_policy.instances_for(actor).filter(month=month.replace(day=1)).select_related(
        "building__compound", "building__grid")
    if area_path:
        qs = qs.filter(Scope.of([area_path]).path_q())
    return qs.order_by("-score", "path", "id")


def building_rating(actor, building, month: dt.date) -> BuildingRating | None:
    return rating_list(actor=actor, month=month).filter(building=building).first()


def month_param(value, default: dt.date | None = None) -> dt.date:
    """``YYYY-MM`` → the month's first day (default: this month)."""
    try:
        return dt.datetime.strptime(str(value)[:7], "%Y-%m").date()
    except (TypeError, ValueError):
        return (default or timezone.localdate()).replace(day=1)


def shift_times(shift: Shift) -> str:
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return f"{start:%m-%d %H:%M}–{end:%H:%M}"

def building_in_grid(grid: Area, building_id, *, field: str = "building"):
    """A building of ``grid`` (a member on patrol names where an incident is; the grid is
    already theirs or the actor's)."""
    try:
        return Building.objects.select_related("compound").get(pk=int(building_id), grid=grid)
    except (Building.DoesNotExist, TypeError, ValueError):
        raise NotFound(field=field) from None


def grid_buildings(grid: Area) -> QuerySet[Building]:
    """The buildings of the grid a member patrols (the incident form's choice)."""
    return Building.objects.filter(grid=grid).select_related("compound").order_by("name")


def compound_in_grid_community(grid: Area, compound_id, *, field: str = "compound"):
    """A compound of the grid's community (a checkpoint at its gate)."""
    try:
        return Compound.objects.get(pk=int(compound_id), path=community_path(grid.path))
    except (Compound.DoesNotExist, TypeError, ValueError):
        raise NotFound(field=field) from None
