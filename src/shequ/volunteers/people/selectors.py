"""Scoped reads of volunteers and the skill list, and the residents staff may register as
volunteers. Staff read through ``for_actor``; a volunteer reads their own row via their
linked resident record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Sum
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.registry.selectors import search_q

from ..policies import Action, resident_of
from ..records.models import RecordState, ServiceRecord
from .models import Skill, Volunteer, VolunteerSkill


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
    from .availability import bit
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


