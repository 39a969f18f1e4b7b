"""A month's shift plan: generate it (``planning.assign``, a maximum flow), see what it
leaves uncovered, publish it; and swaps between members with staff approval."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden
from shequ.core.freetext import clean_text, limit_of
from shequ.core.scoping import Scope
from shequ.territory.models import Area, AreaKind

from .. import planning
from ..errors import PatrolErrorCode
from ..models import (
    Coverage,
    PatrolMember,
    PlanState,
    Route,
    Shift,
    ShiftPlan,
    ShiftState,
    SwapRequest,
    SwapState,
)
from ..policies import Action, own_member_ids, plan_policy, shift_policy, swap_policy


def local_span(day: dt.date, starts: dt.time, ends: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """A band of ``day`` as aware moments (a band ending at 00:00 ends the next day)."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(day, starts), tz)
    end_day = day + dt.timedelta(days=1) if ends <= starts else day
    return start, timezone.make_aware(dt.datetime.combine(end_day, ends), tz)


def month_start(month: dt.date) -> dt.date:
    return month.replace(day=1)


def plan_inputs(area: Area, month: dt.date) -> tuple[list[planning.Band], dict[str, list[int]]]:
    """The coverage bands of the grids under ``area`` and their active routes. Refused
    when a grid that must be covered (or the grid planned) has no route."""
    within = Scope.of([area.path]).path_q()
    bands = [planning.Band(c.path, c.starts, c.ends, c.weekdays, c.guards)
             for c in Coverage.objects.filter(within).order_by("path", "starts", "id")]
    routes: dict[str, list[int]] = defaultdict(list)
    for route_id, path in (Route.objects.filter(within, is_active=True)
                           .order_by("path", "id").values_list("id", "path")):
        routes[path].append(route_id)
    if area.kind == AreaKind.GRID and not routes:
        raise Conflict(_("%(grid)s has no patrol route: add a route before planning.")
                       % {"grid": area.name}, code=PatrolErrorCode.NO_ROUTES, field="area")
    bare = sorted({b.grid for b in bands if not routes.get(b.grid)})
    if bare:
        names = list(Area.objects.filter(path__in=bare).order_by("path")
                     .values_list("name", flat=True))
        raise Conflict(_("These grids must be covered but have no patrol route: %(grids)s.")
                       % {"grids": "、".join(names)}, code=PatrolErrorCode.NO_ROUTES,
                       field="area")
    if not bands:
        raise Conflict(_("No coverage is required here: set the bands each grid needs "
                         "first."), code=PatrolErrorCode.NO_COVERAGE, field="area")
    return bands, dict(routes)


def _people(area: Area, month: dt.date, bands, plan: ShiftPlan | None) -> list[planning.Person]:
    """The pools above the grids planned, with what other plans already gave them."""
    homes = {a for b in bands for a in planning.ancestors(b.grid)}
    members = list(PatrolMember.objects.filter(path__in=homes, is_active=True).values_list(
        "id", "path", "weekdays", "available_from", "available_until"))
    days = planning.month_days(month)
    elsewhere = Shift.objects.filter(member_id__in=[m[0] for m in members],
                                     date__gte=days[0], date__lte=days[-1])
    if plan is not None:
        elsewhere = elsewhere.exclude(plan=plan)
    used: Counter = Counter()
    busy: dict[int, set] = defaultdict(set)
    for member_id, date in elsewhere.values_list("member_id", "date"):
        used[member_id] += 1
        busy[member_id].add(date)
    return [planning.Person(m[0], m[1], m[2], m[3], m[4], used[m[0]],
                            frozenset(busy[m[0]])) for m in members]


@transaction.atomic
def plan_generate(*, actor, area: Area, month: dt.date, max_shifts: int = 8) -> ShiftPlan:
    """Draft (or redraft) the month's plan of a grid or a community: assign available
    pool members to every route × date × band slot the coverage asks for, nobody over
    ``max_shifts`` a month or twice a day. Refused for a grid without routes and once
    the plan is published."""
    plan_policy.require(actor, Action.MANAGE_PATROLS, area)
    if area.kind not in (AreaKind.GRID, AreaKind.COMMUNITY):
        raise DomainError(_("Plan a community or a grid."), field="area")
    if not 1 <= int(max_shifts) <= 31:
        raise DomainError(_("Between 1 and 31 shifts."), field="max_shifts")
    month = month_start(month)
    bands, routes = plan_inputs(area, month)
    plan, _created = ShiftPlan.objects.select_for_update().get_or_create(
        area=area, month=month, defaults={"path": area.path, "max_shifts": int(max_shifts),
                                          "created_by": _user(actor)})
    if plan.state == PlanState.PUBLISHED:
        raise Conflict(_("This plan is published: change it by swapping shifts."),
                       code=PatrolErrorCode.PLAN_PUBLISHED)
    slots = planning.required_slots(month, bands, routes)
    people = _people(area, month, bands, plan)
    chosen = planning.assign(slots, people, int(max_shifts))
    Shift.objects.filter(plan=plan).delete()
    rows = []
    for index, member_id in chosen.items():
        slot = slots[index]
        start, end = local_span(slot.date, slot.starts, slot.ends)
        rows.append(Shift(plan=plan, member_id=member_id, route_id=slot.route, date=slot.date,
                          starts_at=start, ends_at=end, path=slot.grid))
    Shift.objects.bulk_create(rows, batch_size=2000)
    ShiftPlan.objects.filter(pk=plan.pk).update(
        slots=len(slots), covered=len(rows), max_shifts=int(max_shifts),
        generated_at=timezone.now())
    plan.refresh_from_db()
    audit.record(actor=actor, action="generate_plan", entity="shift_plan", entity_id=plan.pk,
                 summary=str(plan), after={"slots": len(slots), "covered": len(rows)})
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: ShiftPlan) -> ShiftPlan:
    """Publish a generated draft: members see their shifts. Uncovered slots do not stop
    it (the page lists them first); a plan never generated does."""
    plan_policy.require(actor, Action.MANAGE_PATROLS, plan)
    if plan.generated_at is None:
        raise Conflict(_("Generate the plan first."), code=PatrolErrorCode.PLAN_EMPTY)
    done = ShiftPlan.objects.filter(pk=plan.pk, state=PlanState.DRAFT).update(
        state=PlanState.PUBLISHED, published_at=timezone.now())
    if not done:
        raise Conflict(_("This plan is already published."),
                       code=PatrolErrorCode.PLAN_PUBLISHED)
    plan.refresh_from_db()
    audit.record(actor=actor, action="publish_plan", entity="shift_plan", entity_id=plan.pk,
                 summary=str(plan), after={"slots": plan.slots, "covered": plan.covered})
    return plan


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# -- swaps -------------------------------------------------------------------------------------
def _check_taker(shift: Shift, member: PatrolMember) -> None:
    """Refuse handing ``shift`` to someone outside the pools above its grid, unavailable
    then, already on patrol that day, or at the plan's maximum."""
    if member.pk == shift.member_id or member.path not in planning.ancestors(shift.path):
        raise DomainError(_("Choose another member of this grid's pool."), field="to_member")
    local = timezone.localtime(shift.starts_at).time()
    local_end = timezone.localtime(shift.ends_at).time()
    if not member.available(shift.date, local, local_end):
        raise Conflict(_("%(name)s is not available at that time.") % {"name": member.name},
                       code=PatrolErrorCode.UNAVAILABLE, field="to_member")
    if Shift.objects.filter(member=member, date=shift.date).exists():
        raise Conflict(_("%(name)s already patrols that day.") % {"name": member.name},
                       code=PatrolErrorCode.BUSY, field="to_member")
    days = planning.month_days(shift.date)
    taken = Shift.objects.filter(member=member, date__gte=days[0], date__lte=days[-1]).count()
    if taken >= shift.plan.max_shifts:
        raise Conflict(_("%(name)s already has the most shifts a month.")
                       % {"name": member.name}, code=PatrolErrorCode.OVER_MAX,
                       field="to_member")


def _open_shift(shift: Shift) -> None:
    if shift.state != ShiftState.PLANNED or shift.starts_at <= timezone.now():
        raise Conflict(_("Only a shift still to come can be swapped."),
                       code=PatrolErrorCode.SHIFT_CLOSED)


@transaction.atomic
def swap_request(*, actor, shift: Shift, to_member: PatrolMember, reason: str) -> SwapRequest:
    """A member asks to hand their coming shift to another member of the pool (staff may
    ask for them); staff approve it. One open request per shift."""
    shift_policy.require(actor, Action.VIEW_PATROLS, shift)
    if shift.member_id not in own_member_ids(actor) and not shift_policy.can(
            actor, Action.MANAGE_PATROLS, shift):
        raise Forbidden()
    reason = clean_text(reason, field="reason", limit=limit_of(SwapRequest, "reason"),
                        required=True, required_message=_("Give a reason."))
    _open_shift(shift)
    _check_taker(shift, to_member)
    try:
        with transaction.atomic():
            swap = SwapRequest.objects.create(shift=shift, from_member_id=shift.member_id,
                                              to_member=to_member, reason=reason,
                                              path=shift.path)
    except IntegrityError as exc:
        raise Conflict(_("A swap of this shift is already waiting for approval."),
                       code=ErrorCode.DUPLICATE) from exc
    audit.record(actor=actor, action="request_swap", entity="shift", entity_id=shift.pk,
                 summary=to_member.name, reason=reason)
    return swap


@transaction.atomic
def swap_decide(*, actor, swap: SwapRequest, approve: bool) -> SwapRequest:
    """Staff approve a swap (checked again: the taker may have become busy since) or
    decline it. Approving moves the shift to the taker in the same transaction."""
    swap_policy.require(actor, Action.MANAGE_PATROLS, swap)
    shift = (Shift.objects.select_for_update(of=("self",)).select_related("plan")
             .get(pk=swap.shift_id))
    if swap.state != SwapState.PENDING:
        raise Conflict(_("This swap has already been decided."),
                       code=PatrolErrorCode.INVALID_TRANSITION)
    if approve:
        if shift.member_id != swap.from_member_id:
            raise Conflict(_("The shift has changed hands since."),
                           code=PatrolErrorCode.INVALID_TRANSITION)
        _open_shift(shift)
        _check_taker(shift, swap.to_member)
    state = SwapState.APPROVED if approve else SwapState.DECLINED
    done = SwapRequest.objects.filter(pk=swap.pk, state=SwapState.PENDING).update(
        state=state, decided_by=_user(actor), decided_at=timezone.now())
    if not done:
        raise Conflict(_("This swap has already been decided."),
                       code=PatrolErrorCode.INVALID_TRANSITION)
    if approve:
        Shift.objects.filter(pk=shift.pk).update(member=swap.to_member)
    swap.refresh_from_db()
    audit.record(actor=actor, action=f"swap_{state}", entity="shift", entity_id=shift.pk,
                 summary=swap.to_member.name)
    return swap

