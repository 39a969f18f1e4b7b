"""Volunteers and the managed skill list over the JSON API (/api/v1/volunteers/), limited
to the caller's scope; a resident acts on their own volunteer profile.

GET   skills                                the managed skill list
POST  skills                                {code, name} add to the managed skill list
                                            (district configuration)
PATCH skills/{id}                           {name?, is_active?} rename or withdraw
GET   volunteers                            ?q=&skill=&limit= (staff)
POST  volunteers                            register {resident?, skills {id: level}, availability}
GET   volunteers/me                         own profile, or 404
PATCH volunteers/{id}                       {skills?, availability?, note?, is_active?} (staff
                                            in scope, or the volunteer themselves)

A PATCH changes only the fields it sends; the rest keep their stored values."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.freetext import limit_of
from shequ.registry.selectors import resident_get_for_actor

from ..apiparams import pick
from ..policies import resident_of
from . import selectors, services
from .availability import mask_of, slots_of
from .models import Skill, Volunteer

router = Router()  # tagged "volunteers" where ../api.py mounts it


class VolunteerOut(Schema):
    id: int
    resident: int
    name: str
    skills: dict[str, int]
    availability: list[tuple[int, int]]
    is_active: bool
    building: str


class VolunteerIn(Schema):
    resident: int | None = Field(None, description="staff: the resident; omit for yourself")
    skills: dict[int, int] = Field(default_factory=dict, description="skill id → level 1..3")
    availability: list[tuple[int, int]] = Field(
        default_factory=list, description="[weekday 0–6, band 0 morning/1 afternoon/2 evening]")
    note: str = Field("", max_length=limit_of(Volunteer, "note"))


class VolunteerPatch(Schema):
    skills: dict[int, int] | None = Field(None, description="replaces all: skill id → level")
    availability: list[tuple[int, int]] | None = None
    note: str | None = Field(None, max_length=limit_of(Volunteer, "note"))
    is_active: bool | None = None


def _volunteer(v) -> dict:
    return {"id": v.pk, "resident": v.resident_id, "name": v.resident.name,
            "skills": {r.skill.code: r.level for r in v.skill_rows.all()},
            "availability": slots_of(v.availability), "is_active": v.is_active,
            "building": str(v.building) if v.building_id else ""}


@router.get("/volunteers", response=list[VolunteerOut])
def volunteer_list(request, q: str = "", skill: int | None = None,
                   limit: int = Query(settings.API_PAGE_SIZE, ge=1,
                                      le=settings.API_MAX_PAGE_SIZE)):
    rows = selectors.volunteer_list(actor=request.user,
                                    filters=selectors.VolunteerFilters(q=q, skill=skill))
    return [_volunteer(v) for v in rows[:limit]]


@router.post("/volunteers", response={201: VolunteerOut})
def volunteer_register(request, payload: VolunteerIn):
    user = request.user
    resident = (resident_get_for_actor(user, payload.resident) if payload.resident
                else resident_of(user))
    if resident is None:
        raise DomainError(_("Choose a resident."), code=ErrorCode.REQUIRED, field="resident")
    v = services.volunteer_register(actor=user, resident=resident, skills=payload.skills,
                                    availability=mask_of(payload.availability),
                                    note=payload.note)
    return Status(201, _volunteer(selectors.volunteer_get_for_actor(user, v.pk)))


@router.get("/volunteers/me", response=VolunteerOut)
def volunteer_me(request):
    v = selectors.my_volunteer(request.user)
    if v is None:
        raise NotFound()
    return _volunteer(v)


@router.patch("/volunteers/{volunteer_id}", response=VolunteerOut)
def volunteer_update(request, volunteer_id: int, payload: VolunteerPatch):
    user = request.user
    v = selectors.volunteer_get_for_actor(user, volunteer_id)
    services.volunteer_update(
        actor=user, volunteer=v, skills=payload.skills, note=payload.note,
        availability=None if payload.availability is None else mask_of(payload.availability),
        is_active=payload.is_active)
    return _volunteer(selectors.volunteer_get_for_actor(user, v.pk))


class SkillPatch(Schema):
    name: str | None = Field(None, max_length=limit_of(Skill, "name"))
    is_active: bool | None = None


class SkillIn(Schema):
    code: str = Field(..., max_length=limit_of(Skill, "code"), pattern=r"^[a-z0-9_]+$")
    name: str = Field(..., max_length=limit_of(Skill, "name"))


class SkillOut(Schema):
    id: int
    code: str
    name: str


@router.get("/skills", response=list[SkillOut])
def skill_list(request):
    return list(selectors.skill_list())


@router.post("/skills", response={201: SkillOut})
def skill_create(request, payload: SkillIn):
    return Status(201, services.skill_create(actor=request.user, code=payload.code, name=payload.name))


@router.patch("/skills/{skill_id}", response=SkillOut)
def skill_update(request, skill_id: int, payload: SkillPatch):
    skill = selectors.skill_get(skill_id)
    return services.skill_update(
        actor=request.user, skill=skill, name=pick(payload, "name", skill.name),
        is_active=pick(payload, "is_active", skill.is_active))
