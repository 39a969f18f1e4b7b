"""The standing set-up of 平安联护: the security pool (units' guards and the volunteer
patrol team), routes with ordered QR checkpoints, and the coverage each grid needs.
Staff holding ``manage_patrols`` over the place write these."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text, limit_of
from shequ.registry.selectors import is_within
from shequ.territory.models import AreaKind

from ..errors import PatrolErrorCode
from ..models import (
    EVERY_DAY,
    CheckIn,
    Checkpoint,
    Coverage,
    MemberKind,
    PatrolMember,
    Route,
)
from ..policies import Action, coverage_policy, member_policy, route_policy

PARKED = 10_000  # above any real position, below the small-integer column's limit


def _weekdays(value) -> int:
    try:
        value = int(value)
    except (TypeError, ValueError):
        value = -1
    if not 1 <= value <= EVERY_DAY:
        raise DomainError(_("Choose at least one weekday."), field="weekdays")
    return value


def _window(available_from: dt.time, available_until: dt.time) -> None:
    if available_until <= available_from:
        raise DomainError(_("The end must be after the start."), field="available_until")


def _grid(area, field: str = "grid"):
    if area is None or area.kind != AreaKind.GRID:
        raise DomainError(_("Choose a grid."), field=field)
    return area


# -- the security pool -------------------------------------------------------------------------
@transaction.atomic
def member_add(*, actor, community, kind: str, name: str = "", unit=None, volunteer=None,
               user=None, weekdays: int = EVERY_DAY,
               available_from: dt.time = dt.time(0, 0),
               available_until: dt.time = dt.time(23, 59)) -> PatrolMember:
    """Put a person in a community's security pool: a unit's guard (named, or an account)
    or a registered volunteer of the community (义务治安巡防队), who then signs in with
    their own account to see their shifts."""
    member_policy.require(actor, Action.MANAGE_PATROLS, community)
    if community.kind != AreaKind.COMMUNITY:
        raise DomainError(_("Choose a community."), field="community")
    weekdays = _weekdays(weekdays)
    _window(available_from, available_until)
    if kind == MemberKind.VOLUNTEER:
        if volunteer is None or not volunteer.is_active:
            raise DomainError(_("Choose an active volunteer."), field="volunteer")
        if not is_within(volunteer.path, community.path):
            raise DomainError(_("Choose a volunteer of this community."), field="volunteer")
        name, unit, user = volunteer.resident.name, None, volunteer.resident.user
    elif kind == MemberKind.UNIT_SECURITY:
        if unit is None:
            raise DomainError(_("Choose the unit."), code=ErrorCode.REQUIRED, field="unit")
        volunteer = None
        name = clean_text(name, field="name", limit=limit_of(PatrolMember, "name"),
                          single_line=True) or (user.get_full_name() or user.username
                                                if user is not None else "")
        if not name:
            raise DomainError(_("Name the guard."), code=ErrorCode.REQUIRED, field="name")
    else:
        raise DomainError(_("Unknown type."), field="kind")
    try:
        with transaction.atomic():
            member = PatrolMember.objects.create(
                kind=kind, name=name, community=community, unit=unit, volunteer=volunteer,
                user=user, weekdays=weekdays, available_from=available_from,
                available_until=available_until, path=community.path)
    except IntegrityError as exc:
        raise Conflict(_("This volunteer is already in the pool."), code=ErrorCode.DUPLICATE,
                       field="volunteer") from exc
    audit.record(actor=actor, action="create", entity="patrol_member", entity_id=member.pk,
                 summary=member.name, after={"kind": kind})
    return member


@transaction.atomic
def member_update(*, actor, member: PatrolMember, weekdays: int, available_from: dt.time,
                  available_until: dt.time, is_active: bool = True) -> PatrolMember:
    """Change when a member can patrol, or take them out of the pool (planned shifts
    stay until staff swap them)."""
    member_policy.require(actor, Action.MANAGE_PATROLS, member)
    weekdays = _weekdays(weekdays)
    _window(available_from, available_until)
    before = {"weekdays": member.weekdays, "available_from": member.available_from,
              "available_until": member.available_until, "is_active": member.is_active}
    after = {"weekdays": weekdays, "available_from": available_from,
             "available_until": available_until, "is_active": bool(is_active)}
    PatrolMember.objects.filter(pk=member.pk).update(**after)
    member.refresh_from_db()
    b, a = audit.diff(*({k: v.strftime("%H:%M") if isinstance(v, dt.time) else v
                         for k, v in d.items()} for d in (before, after)))
    if a:
        audit.record(actor=actor, action="update", entity="patrol_member",
                     entity_id=member.pk, summary=member.name, before=b, after=a)
    return member


# -- routes and checkpoints --------------------------------------------------------------------
@transaction.atomic
def route_create(*, actor, grid, name: str) -> Route:
    """A patrol route of a grid; checkpoints are added in walking order."""
    _grid(grid)
    route_policy.require(actor, Action.MANAGE_PATROLS, grid)
    name = clean_text(name, field="name", limit=limit_of(Route, "name"), required=True,
                      single_line=True, required_message=_("Name the route."))
    try:
        with transaction.atomic():
            route = Route.objects.create(grid=grid, name=name, path=grid.path)
    except IntegrityError as exc:
        raise Conflict(_("The grid already has a route of this name."),
                       code=ErrorCode.DUPLICATE, field="name") from exc
    audit.record(actor=actor, action="create", entity="patrol_route", entity_id=route.pk,
                 summary=name)
    return route


@transaction.atomic
def checkpoint_add(*, actor, route: Route, building=None, compound=None,
                   label: str = "") -> Checkpoint:
    """The next checkpoint of a route, at a building of its grid or a compound of its
    community, with a fresh QR token."""
    route_policy.require(actor, Action.MANAGE_PATROLS, route)
    if (building is None) == (compound is None):
        raise DomainError(_("Choose a building or a compound."), field="building")
    if building is not None and building.grid_id != route.grid_id:
        raise DomainError(_("Choose a building of the route's grid."), field="building")
    if compound is not None and not is_within(route.path, compound.path):
        raise DomainError(_("Choose a compound of the route's community."), field="compound")
    label = clean_text(label, field="label", limit=limit_of(Checkpoint, "label"),
                       single_line=True) or str(building or compound)[:60]
    # The route's row lock lets two checkpoints added at once take the next order in turn.
    list(Route.objects.select_for_update().filter(pk=route.pk).values_list("pk", flat=True))
    order = (route.checkpoints.aggregate(m=Max("order"))["m"] or 0) + 1
    point = Checkpoint.objects.create(route=route, order=order, building=building,
                                      compound=compound, label=label, path=route.path,
                                      token=secrets.token_urlsafe(16)[:22])
    audit.record(actor=actor, action="add_checkpoint", entity="patrol_route",
                 entity_id=route.pk, summary=label, after={"order": order})
    return point


@transaction.atomic
def checkpoint_remove(*, actor, checkpoint: Checkpoint) -> None:
    """Take a checkpoint off its route; one already scanned stays (it is evidence)."""
    route_policy.require(actor, Action.MANAGE_PATROLS, checkpoint.route)
    if CheckIn.objects.filter(checkpoint=checkpoint).exists():
        raise Conflict(_("This checkpoint has been scanned on patrol and stays on record."),
                       code=ErrorCode.CONFLICT)
    Checkpoint.objects.filter(pk=checkpoint.pk).delete()
    audit.record(actor=actor, action="remove_checkpoint", entity="patrol_route",
                 entity_id=checkpoint.route_id, summary=checkpoint.label)


@transaction.atomic
def checkpoint_reorder(*, actor, route: Route, order) -> list[Checkpoint]:
    """Set the walking order of a route's checkpoints: ``order`` lists every checkpoint id
    of the route once, first to last; they are renumbered 1…n (closing gaps left by
    removals). The route's row is locked so a concurrent add or reorder waits."""
    route_policy.require(actor, Action.MANAGE_PATROLS, route)
    list(Route.objects.select_for_update().filter(pk=route.pk).values_list("pk", flat=True))
    points = {p.pk: p for p in route.checkpoints.order_by("order", "id")}
    try:
        ids = [int(i) for i in order]
    except (TypeError, ValueError):
        ids = []
    if sorted(ids) != sorted(points) or len(set(ids)) != len(ids):
        raise DomainError(_("List every checkpoint of the route once."),
                          code=PatrolErrorCode.BAD_ORDER, field="order")
    # Two steps under the (route, order) unique constraint: park everyone far above
    # the current numbers, then write the final positions.
    route.checkpoints.update(order=F("order") + PARKED)
    for position, pk in enumerate(ids, start=1):
        Checkpoint.objects.filter(pk=pk).update(order=position)
        points[pk].order = position
    audit.record(actor=actor, action="reorder_checkpoints", entity="patrol_route",
                 entity_id=route.pk, summary=route.name,
                 before={"order": list(points)}, after={"order": ids})
    return [points[i] for i in ids]


@transaction.atomic
def checkpoint_move(*, actor, checkpoint: Checkpoint, position) -> list[Checkpoint]:
    """Move one checkpoint to ``position`` (1 = first) — the route page's up/down
    buttons and the API's single move; the rest keep their relative order."""
    route = checkpoint.route
    route_policy.require(actor, Action.MANAGE_PATROLS, route)
    list(Route.objects.select_for_update().filter(pk=route.pk).values_list("pk", flat=True))
    ids = list(route.checkpoints.order_by("order", "id").values_list("pk", flat=True))
    try:
        position = int(position)
    except (TypeError, ValueError):
        position = 0
    if not 1 <= position <= len(ids):
        raise DomainError(_("Choose a position from 1 to %(n)d.") % {"n": len(ids)},
                          code=PatrolErrorCode.BAD_POSITION, field="position")
    ids.remove(checkpoint.pk)
    ids.insert(position - 1, checkpoint.pk)
    return checkpoint_reorder(actor=actor, route=route, order=ids)


# -- required coverage -------------------------------------------------------------------------
@transaction.atomic
def coverage_add(*, actor, grid, starts: dt.time, ends: dt.time, weekdays: int = EVERY_DAY,
                 guards: int = 1) -> Coverage:
    """A band a grid must have on patrol (e.g. 19:00–23:00 every day, one person). A
    band may end at midnight (00:00) but not run past it."""
    _grid(grid)
    coverage_policy.require(actor, Action.MANAGE_PATROLS, grid)
    weekdays = _weekdays(weekdays)
    if ends != dt.time(0) and ends <= starts:
        raise DomainError(_("The end must be after the start."), field="ends")
    if not 1 <= int(guards) <= 20:
        raise DomainError(_("Between 1 and 20 people."), field="guards")
    row = Coverage.objects.create(grid=grid, starts=starts, ends=ends, weekdays=weekdays,
                                  guards=int(guards), path=grid.path)
    audit.record(actor=actor, action="create", entity="patrol_coverage", entity_id=row.pk,
                 summary=f"{grid.name} {row}")
    return row


@transaction.atomic
def coverage_remove(*, actor, coverage: Coverage) -> None:
    """Stop requiring a band (plans already generated keep their shifts)."""
    coverage_policy.require(actor, Action.MANAGE_PATROLS, coverage)
    Coverage.objects.filter(pk=coverage.pk).delete()
    audit.record(actor=actor, action="delete", entity="patrol_coverage",
                 entity_id=coverage.pk, summary=str(coverage))
