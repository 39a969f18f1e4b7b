"""Teams (志愿服务队 / 社会组织) and service projects over the JSON API
(/api/v1/volunteers/organisations, /projects), staff in scope.

GET   organisations                        with member count and verified hours this year
POST  organisations                        {community, name, kind, description} → incubating
PATCH organisations/{id}                   {name?, kind?, description?}
POST  organisations/{id}/members           {members[], leader}
POST  organisations/{id}/register          {registered_on} incubating → registered
POST  organisations/{id}/dissolve          {reason}; its projects stop
GET   projects
POST  projects                             {community, name, description, organisation?, skill?}
PATCH projects/{id}                        {name?, description?, organisation?, skill?,
                                           is_active?} (null clears organisation / skill)

A PATCH changes only the fields it sends; the rest keep their stored values."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from shequ.core.errors import DomainError, ErrorCode, NotFound
from shequ.core.freetext import REASON_MAX, limit_of
from shequ.core.params import Id

from ..apiparams import pick, sent, skill_or_field_error
from ..people import selectors as people_selectors
from . import selectors, services
from .models import OrgKind, ServiceOrganisation, ServiceProject

router = Router()  # tagged "volunteers" where ../api.py mounts it


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    status: str
    community: str
    leader: int | None
    member_count: int
    hours_this_year: float


class OrgIn(Schema):
    community: int
    name: str = Field(..., max_length=limit_of(ServiceOrganisation, "name"))
    kind: OrgKind = OrgKind.VOLUNTEER_TEAM
    description: str = Field("", max_length=limit_of(ServiceOrganisation, "description"))


class MembersIn(Schema):
    members: list[Id]
    leader: int | None = None


class RegisterIn(Schema):
    registered_on: dt.date


class OrgPatch(Schema):
    name: str | None = Field(None, max_length=limit_of(ServiceOrganisation, "name"))
    kind: OrgKind | None = None
    description: str | None = Field(None, max_length=limit_of(ServiceOrganisation, "description"))


class ReasonIn(Schema):
    reason: str = Field(..., max_length=REASON_MAX)


class ProjectPatch(Schema):
    name: str | None = Field(None, max_length=limit_of(ServiceProject, "name"))
    description: str | None = Field(None, max_length=limit_of(ServiceProject, "description"))
    organisation: int | None = None
    skill: int | None = None
    is_active: bool | None = None


class ProjectOut(Schema):
    id: int
    name: str
    community: int
    organisation: int | None
    skill: int | None
    is_active: bool


class ProjectIn(Schema):
    community: int
    name: str = Field(..., max_length=limit_of(ServiceProject, "name"))
    description: str = Field("", max_length=limit_of(ServiceProject, "description"))
    organisation: int | None = None
    skill: int | None = None


def _org(o) -> dict:
    return {"id": o.pk, "name": o.name, "kind": o.kind, "status": o.status,
            "community": o.community.name, "leader": o.leader_id,
            "member_count": getattr(o, "member_count", 0),
            "hours_this_year": round((getattr(o, "minutes", 0) or 0) / 60, 1)}


def _project(p) -> dict:
    return {"id": p.pk, "name": p.name, "community": p.community_id,
            "organisation": p.organisation_id, "skill": p.skill_id, "is_active": p.is_active}


def _org_or_field_error(user, pk):
    try:
        return selectors.organisation_get_for_actor(user, pk)
    except NotFound:
        raise DomainError(_("Not found or outside your area."), code=ErrorCode.NOT_FOUND,
                          field="organisation") from None


def _community(request, pk):
    from shequ.territory.selectors import area_get_for_actor
    return area_get_for_actor(request.user, pk)


@router.get("/organisations", response=list[OrgOut])
def organisation_list(request):
    return [_org(o) for o in selectors.organisation_list(actor=request.user)[:300]]


@router.post("/organisations", response={201: OrgOut})
def organisation_create(request, payload: OrgIn):
    org = services.organisation_create(actor=request.user,
                                       community=_community(request, payload.community),
                                       name=payload.name, kind=payload.kind,
                                       description=payload.description)
    return Status(201, _org(selectors.organisation_list(actor=request.user).get(pk=org.pk)))


@router.patch("/organisations/{org_id}", response=OrgOut)
def organisation_update(request, org_id: int, payload: OrgPatch):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    services.organisation_update(actor=request.user, organisation=org,
                                 name=pick(payload, "name", org.name),
                                 kind=pick(payload, "kind", org.kind),
                                 description=pick(payload, "description", org.description))
    return _org(selectors.organisation_list(actor=request.user).get(pk=org.pk))


@router.post("/organisations/{org_id}/dissolve", response=OrgOut)
def organisation_dissolve(request, org_id: int, payload: ReasonIn):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    services.organisation_dissolve(actor=request.user, organisation=org,
                                   reason=payload.reason)
    return _org(selectors.organisation_list(actor=request.user).get(pk=org.pk))


@router.post("/organisations/{org_id}/members", response=OrgOut)
def organisation_members(request, org_id: int, payload: MembersIn):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    members = [people_selectors.volunteer_get_for_actor(request.user, pk) for pk in payload.members]
    leader = next((v for v in members if v.pk == payload.leader), None)
    if payload.leader is not None and leader is None:
        leader = people_selectors.volunteer_get_for_actor(request.user, payload.leader)
    services.organisation_set_members(actor=request.user, organisation=org, members=members,
                                      leader=leader)
    return _org(selectors.organisation_list(actor=request.user).get(pk=org.pk))


@router.post("/organisations/{org_id}/register", response=OrgOut)
def organisation_register(request, org_id: int, payload: RegisterIn):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    services.organisation_register(actor=request.user, organisation=org,
                                   registered_on=payload.registered_on)
    return _org(selectors.organisation_list(actor=request.user).get(pk=org.pk))


@router.get("/projects", response=list[ProjectOut])
def project_list(request):
    return [_project(p) for p in selectors.project_list(actor=request.user)[:300]]


@router.post("/projects", response={201: ProjectOut})
def project_create(request, payload: ProjectIn):
    org = (selectors.organisation_get_for_actor(request.user, payload.organisation)
           if payload.organisation else None)
    skill = people_selectors.skill_list().filter(pk=payload.skill).first() if payload.skill else None
    if payload.skill and skill is None:
        raise NotFound()
    p = services.project_create(actor=request.user,
                                community=_community(request, payload.community),
                                name=payload.name, description=payload.description,
                                organisation=org, skill=skill)
    return Status(201, _project(p))


@router.patch("/projects/{project_id}", response=ProjectOut)
def project_update(request, project_id: int, payload: ProjectPatch):
    user = request.user
    project = selectors.project_get_for_actor(user, project_id)
    given = sent(payload)
    org = project.organisation
    if "organisation" in given:
        org = _org_or_field_error(user, given["organisation"]) if given["organisation"] else None
    skill = project.skill
    if "skill" in given:
        skill = skill_or_field_error(given["skill"]) if given["skill"] else None
    services.project_update(
        actor=user, project=project, name=pick(payload, "name", project.name),
        description=pick(payload, "description", project.description),
        organisation=org, skill=skill, is_active=pick(payload, "is_active", project.is_active))
    return _project(selectors.project_get_for_actor(user, project.pk))


