"""Scoped reads of service needs and assignments. Staff read through ``for_actor``; a
volunteer reads their own assignments via their linked resident record; a resident sees
the open needs of their own community."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.territory.selectors import community_path

from ..people.selectors import my_volunteer
from ..policies import Action, assignment_policy, need_policy, resident_of
from .models import BUSY_ASSIGNMENT_STATES, Assignment, AssignmentState, NeedState, ServiceNeed


def need_list(*, actor, state: str = "", week_start: dt.date | None = None,
              area_path: str = "") -> QuerySet[ServiceNeed]:
    """Needs in the actor's scope, soonest first, with their filled headcount."""
    qs = ServiceNeed.objects.for_actor(actor, Action.VIEW_VOLUNTEERS)
    if state:
        qs = qs.filter(state=state)
    if week_start:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(week_start, dt.time.min, tzinfo=tz)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=7))
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    return _with_taken(qs).select_related("skill", "community").order_by("starts_at", "id")


def _with_taken(qs):
    return qs.annotate(taken=Count("assignments", filter=Q(
        assignments__state__in=BUSY_ASSIGNMENT_STATES)))


def open_needs_for_me(actor) -> list[ServiceNeed]:
    """Open needs of the signed-in volunteer's community that have not started."""
    resident = resident_of(actor)
    if resident is None:
        return []
    c = community_path(resident.path)
    return list(_with_taken(ServiceNeed.objects.filter(
        path__gte=c, path__lt=c + "~", state=NeedState.OPEN, starts_at__gt=timezone.now()))
        .select_related("skill").order_by("starts_at")[:50])


def need_get_for_actor(actor, need_id) -> ServiceNeed:
    """A need the actor may open: in their staff scope, or in their own community (as a
    volunteer or the resident who asked)."""
    need = _with_taken(ServiceNeed.objects.filter(pk=need_id)).select_related(
        "skill", "community", "building", "requester").first()
    if need is None:
        raise NotFound()
    if need_policy.can(actor, Action.VIEW_VOLUNTEERS, need):
        return need
    resident = resident_of(actor)
    if resident is not None and (
            need.requester_id == resident.pk
            or (resident.path + ".").startswith(need.community.path + ".")):
        return need
    raise NotFound()


def need_assignments(need: ServiceNeed) -> list[Assignment]:
    return list(need.assignments.exclude(state=AssignmentState.CANCELLED)
                .select_related("volunteer__resident").order_by("state", "-score"))


def my_assignments(actor) -> list[Assignment]:
    """The signed-in volunteer's assignments from a day ago on, soonest first."""
    volunteer = my_volunteer(actor)
    if volunteer is None:
        return []
    return list(Assignment.objects.filter(
        volunteer=volunteer, state__in=[AssignmentState.CONFIRMED, AssignmentState.ACCEPTED],
        ends_at__gte=timezone.now() - dt.timedelta(days=1))
        .select_related("need").order_by("starts_at")[:50])


def assignment_get_for_actor(actor, assignment_id) -> Assignment:
    row = Assignment.objects.select_related("need__community", "volunteer__resident").filter(
        pk=assignment_id).first()
    if row is None:
        raise NotFound()
    if row.volunteer.resident.user_id == actor.pk or assignment_policy.can(
            actor, Action.VIEW_VOLUNTEERS, row):
        return row
    raise NotFound()
