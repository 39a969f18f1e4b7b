"""Teams (志愿服务队 / 社会组织) and service projects over the JSON API
(/api/v1/volunteers/organisations, /projects), staff in scope.

GET   organisations                        with member count and verified hours this year
POST  organisations                        {community, name, kind, description} → incubating
POST  organisations/{id}/members           {members[], leader}
POST  organisations/{id}/register          {registered_on} incubating → registered
GET   projects
POST  projects                             {community, name, description, organisation?, skill?}
POST  skills                               {code, name} add to the managed skill list
                                           (district configuration)
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from shequ.core.errors import NotFound

from . import selectors, services
from .models import OrgKind

router = Router(tags=["volunteers"])


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
    name: str = Field(..., max_length=80)
    kind: OrgKind = OrgKind.VOLUNTEER_TEAM
    description: str = Field("", max_length=2000)


class MembersIn(Schema):
    members: list[int]
    leader: int | None = None


class RegisterIn(Schema):
    registered_on: dt.date


class SkillIn(Schema):
    code: str = Field(..., max_length=40, pattern=r"^[a-z0-9_]+$")
    name: str = Field(..., max_length=40)


class SkillOut(Schema):
    id: int
    code: str
    name: str


class ProjectOut(Schema):
    id: int
    name: str
    community: int
    organisation: int | None
    skill: int | None
    is_active: bool


class ProjectIn(Schema):
    community: int
    name: str = Field(..., max_length=80)
    description: str = Field("", max_length=2000)
    organisation: int | None = None
    skill: int | None = None


def _org(o) -> dict:
    return {"id": o.pk, "name": o.name, "kind": o.kind, "status": o.status,
            "community": o.community.name, "leader": o.leader_id,
            "member_count": getattr(o, "member_count", 0),
            "hours_this_year": round((getattr(o, "minutes", 0) or 0) / 60, 1)}


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
    return 201, _org(selectors.organisation_list(actor=request.user).get(pk=org.pk))


@router.post("/organisations/{org_id}/members", response=OrgOut)
def organisation_members(request, org_id: int, payload: MembersIn):
    org = selectors.organisation_get_for_actor(request.user, org_id)
    members = [selectors.volunteer_get_for_actor(request.user, pk) for pk in payload.members]
    leader = next((v for v in members if v.pk == payload.leader), None)
    if payload.leader is not None and leader is None:
        leader = selectors.volunteer_get_for_actor(request.user, payload.leader)
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
    return [{"id": p.pk, "name": p.name, "community": p.community_id,
             "organisation": p.organisation_id, "skill": p.skill_id, "is_active": p.is_active}
            for p in selectors.project_list(actor=request.user)[:300]]


@router.post("/projects", response={201: ProjectOut})
def project_create(request, payload: ProjectIn):
    org = (selectors.organisation_get_for_actor(request.user, payload.organisation)
           if payload.organisation else None)
    skill = selectors.skill_list().filter(pk=payload.skill).first() if payload.skill else None
    if payload.skill and skill is None:
        raise NotFound()
    p = services.project_create(actor=request.user,
                                community=_community(request, payload.community),
                                name=payload.name, description=payload.description,
                                organisation=org, skill=skill)
    return 201, {"id": p.pk, "name": p.name, "community": p.community_id,
                 "organisation": p.organisation_id, "skill": p.skill_id,
                 "is_active": p.is_active}


@router.get("/skills", response=list[SkillOut])
def skill_list(request):
    return list(selectors.skill_list())


@router.post("/skills", response={201: SkillOut})
def skill_create(request, payload: SkillIn):
    return 201, services.skill_create(actor=request.user, code=payload.code, name=payload.name)
