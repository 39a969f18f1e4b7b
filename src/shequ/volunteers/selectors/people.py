"""Scoped reads of volunteers, skills, teams, projects, needs, assignments and service
records. Staff read through ``for_actor``; a volunteer reads their own rows via their
linked resident record; a resident sees the open needs of their own community."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.registry.selectors import search_q

from ..models import (
    BUSY_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    NeedState,
    RecordState,
    ServiceNeed,
    ServiceRecord,
    Skill,
    Volunteer,
    VolunteerSkill,
)
from ..permissions import Action, resident_of
from .points import community_path


def skill_list(*, include_inactive: bool = False) -> QuerySet[Skill]:
    qs = Skill.objects.all()
    return qs if include_inactive else qs.filter(is_active=True)


def skill_usage() -> list[Skill]:
    """The whole managed list (withdrawn skills too) with how many volunteers hold each."""
    return list(Skill.objects.annotate(holders=Count("volunteers", distinct=True))
                .order_by("-is_active", "id"))


def skill_get(skill_id) -> Skill:
    row = Skill.objects.filter(pk=skill_id).first() if str(skill_id).isdigit() else None
    if row is None:
        raise NotFound()
    return row


@dataclass
class VolunteerFilters:
    q: str = ""
    skill: int | None = None
    area_path: str = ""
    active: bool | None = True
    organisation: int | None = None
    party: bool = False
    slot: tuple[int, int] | None = None  # (weekday, band) the volunteer must be free


def volunteer_list(*, actor, filters: VolunteerFilters | None = None) -> QuerySet[Volunteer]:
    """Volunteers in the actor's scope, with their skills, newest first."""
    from ..availability import bit
    f = filters or VolunteerFilters()
    qs = Volunteer.objects.for_actor(actor, Action.VIEW_VOLUNTEERS)
    if f.area_path:
        qs = qs.filter(path__gte=f.area_path, path__lt=f.area_path + "~")
    if f.active is not None:
        qs = qs.filter(is_active=f.active)
    if f.skill:
        qs = qs.filter(skill_rows__skill_id=f.skill)
    if f.organisation:
        qs = qs.filter(organisations__id=f.organisation)
    if f.party:
        qs = qs.filter(resident__membership__isnull=False)
    if f.slot is not None:
        mask = bit(*f.slot)
        qs = qs.annotate(free=F("availability").bitand(mask)).filter(free=mask)
    if f.q:
        cond = search_q(f.q)
        if cond is not None:
            from shequ.registry.models import Resident
            qs = qs.filter(resident__in=Resident.objects.filter(cond))
    return qs.select_related("resident", "building__compound").prefetch_related(
        Prefetch("skill_rows", queryset=VolunteerSkill.objects.select_related("skill"))
    ).order_by("-id")


def volunteer_get_for_actor(actor, volunteer_id) -> Volunteer:
    mine = my_volunteer(actor)
    if mine is not None and str(mine.pk) == str(volunteer_id):
        return mine
    row = volunteer_list(actor=actor, filters=VolunteerFilters(active=None)).filter(
        pk=volunteer_id).first()
    if row is None:
        raise NotFound()
    return row


def my_volunteer(actor) -> Volunteer | None:
    resident = resident_of(actor)
    if resident is None:
        return None
    return (Volunteer.objects.select_related("resident").prefetch_related("skill_rows__skill")
            .filter(resident=resident).first())


def volunteer_hours(volunteer: Volunteer, year: int) -> float:
    tz = timezone.get_current_timezone()
    minutes = ServiceRecord.objects.filter(
        volunteer=volunteer, state=RecordState.VERIFIED,
        check_in_at__gte=dt.datetime(year, 1, 1, tzinfo=tz),
        check_in_at__lt=dt.datetime(year + 1, 1, 1, tzinfo=tz)).aggregate(
        m=Sum("minutes"))["m"] or 0
    return round(minutes / 60, 1)


def volunteer_profile(volunteer: Volunteer) -> dict:
    """What the staff page of an already-authorised volunteer shows besides the row: the
    teams, this year's verified hours and the latest service records."""
    return {
        "organisations": list(volunteer.organisations.select_related("community")
                              .order_by("name")),
        "hours": volunteer_hours(volunteer, timezone.localdate().year),
        "records": list(ServiceRecord.objects.filter(volunteer=volunteer)
                        .order_by("-check_in_at", "-id")[:20]),
    }


def resident_candidates(*, actor, q: str = "", party: bool = False) -> QuerySet:
    """Active residents the actor may register as volunteers (MANAGE_VOLUNTEERS scope),
    found by the registry's search (name, pinyin, phone or ID tail); each row says whether
    they already volunteer. Nothing is listed before something is typed, unless only
    party members are asked for."""
    from shequ.registry.models import Resident
    qs = Resident.objects.for_actor(actor, Action.MANAGE_VOLUNTEERS).filter(is_active=True)
    cond = search_q(q)
    if cond is None and not party:
        return qs.none()
    if cond is not None:
        qs = qs.filter(pk__in=Resident.objects.filter(cond).values("pk")[:1000])
    if party:
        qs = qs.filter(membership__isnull=False)
    return (qs.annotate(is_volunteer=Exists(Volunteer.objects.filter(resident=OuterRef("pk"))))
            .select_related("household").order_by("path", "id"))


def resident_for_registration(actor, resident_id):
    """A resident the actor may register (NotFound when missing or outside the scope)."""
    from shequ.registry.models import Resident
    row = (Resident.objects.for_actor(actor, Action.MANAGE_VOLUNTEERS)
           .select_related("household__entrance__building").filter(
               pk=resident_id if str(resident_id).isdigit() else 0).first())
    if row is None:
        raise NotFound()
    return row


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
    if actor.scope_for(Action.VIEW_VOLUNTEERS).covers_path(need.path):
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
    if row.volunteer.resident.user_id == actor.pk or actor.scope_for(
            Action.VIEW_VOLUNTEERS).covers_path(row.path):
        return row
    raise NotFound()


def my_records(actor, *, limit: int = 50) -> list[ServiceRecord]:
    volunteer = my_volunteer(actor)
    if volunteer is None:
        return []
    return list(ServiceRecord.objects.filter(volunteer=volunteer)
                .order_by("-check_in_at", "-id")[:limit])


def record_queue(*, actor, state: str = RecordState.SUBMITTED) -> QuerySet[ServiceRecord]:
    """Records waiting for the actor to verify, oldest first."""
    return (ServiceRecord.objects.for_actor(actor, Action.VERIFY_SERVICE)
            .filter(state=state).select_related("volunteer__resident", "marked_by")
            .order_by("check_in_at", "id"))


def record_get_for_actor(actor, record_id) -> ServiceRecord:
    row = ServiceRecord.objects.select_related("volunteer__resident").filter(
        pk=record_id).first()
    if row is None:
        raise NotFound()
    if row.volunteer.resident.user_id == actor.pk or actor.scope_for(
            Action.VIEW_VOLUNTEERS).covers_path(row.path):
        return row
    raise NotFound()


def need_for_token(token: str) -> ServiceNeed:
    need = ServiceNeed.objects.filter(checkin_token=token).select_related("community").first()
    if need is None:
        raise NotFound()
    return need


def open_record_for(actor, need: ServiceNeed) -> ServiceRecord | None:
    volunteer = my_volunteer(actor)
    if volunteer is None:
        return None
    return ServiceRecord.objects.filter(volunteer=volunteer, source=f"need:{need.pk}").first()


def communities_for(actor, action: str):
    """Communities where the actor holds ``action``; a grid worker's grid counts for its
    community (they post needs for the whole community's volunteers to see)."""
    from shequ.territory.models import Area
    qs = Area.objects.for_actor(actor, action).filter(kind="community")
    if qs.exists():
        return qs
    paths = {".".join(p.split(".")[:3]) for p in actor.scope_for(action).paths}
    return Area.objects.filter(kind="community", path__in=paths)


def areas_for(actor, action: str):
    """Communities and grids where the actor holds ``action``, for list filters."""
    from shequ.territory.models import Area
    return Area.objects.for_actor(actor, action).filter(
        kind__in=("community", "grid")).order_by("path")


def home_community(resident):
    """The community a resident lives in."""
    from shequ.territory.models import Area
    return Area.objects.filter(kind="community", path=community_path(resident.path)).first()
