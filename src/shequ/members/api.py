"""党员联管 over the JSON API (/api/v1/members/).

GET   posts                          ?community= service posts
POST  posts                          {community, name, description} (staff)
PATCH posts/{id}                     {name?, description?, capacity?, is_active?} (staff;
                                     capacity null: no limit)
GET   registrations/me               own active 双报到 registration, or 404
POST  registrations                  {posts[], member?} register yourself (or, staff, the
                                     member) with the home community; 409 already_registered
POST  registrations/{id}/posts       {posts[]} replace the posts served; 409 post_full / ended
POST  registrations/{id}/end         {reason}; 409 ended
POST  logs                           {served_on, hours, post?, description} log own service
GET   logs                           logs waiting for confirmation (staff)
POST  logs/{id}/confirm | reject     confirming awards 双报到 points
GET   units/{id}/report              ?start=&end= members, registration, hours, not_reported
GET   units/{id}/liaisons            the unit's liaison accounts (staff)
POST  units/{id}/liaisons            {username} link an account as the unit's liaison
DELETE units/{id}/liaisons/{user_id} unlink it
GET   fallback                       members under 区域兜底 in scope
POST  fallback                       {member, org, reason}
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from shequ.core.errors import DomainError, NotFound
from shequ.core.freetext import limit_of
from shequ.core.params import Id

from . import selectors, services
from .errors import MemberErrorCode
from .models import DualRegistration, FallbackAttachment, ServiceLog, ServicePost
from .policies import Action, member_of, registration_policy

router = Router(tags=["members"])


class PostOut(Schema):
    id: int
    community: int
    name: str
    description: str


class PostIn(Schema):
    community: int
    name: str = Field(..., max_length=limit_of(ServicePost, "name"))
    description: str = Field("", max_length=limit_of(ServicePost, "description"))


class PostPatch(Schema):
    name: str | None = Field(None, max_length=limit_of(ServicePost, "name"))
    description: str | None = Field(None, max_length=limit_of(ServicePost, "description"))
    capacity: int | None = Field(None, ge=1, description="places; null for no limit")
    is_active: bool | None = None


class PostDetail(PostOut):
    capacity: int | None
    is_active: bool


class RegistrationOut(Schema):
    id: int
    member: int
    name: str
    unit: str
    community: str
    posts: list[PostOut]
    is_active: bool
    registered_at: dt.datetime


class RegisterIn(Schema):
    posts: list[Id] = Field(default_factory=list)


class StaffRegisterIn(RegisterIn):
    member: int | None = Field(None, description="staff: the party member registered on "
                                                 "their behalf; omit to register yourself")


class EndIn(Schema):
    reason: str = Field(..., max_length=limit_of(DualRegistration, "end_reason"))


class LogIn(Schema):
    served_on: dt.date
    hours: Decimal = Field(..., gt=0, le=24)
    post: int | None = None
    description: str = Field(..., max_length=limit_of(ServiceLog, "description"))


class LogOut(Schema):
    id: int
    name: str
    served_on: dt.date
    hours: Decimal
    description: str
    state: str


class ReportRow(Schema):
    member_id: int
    name: str
    org: str
    registered: bool
    community: str
    posts: list[str]
    hours: float


class ReportOut(Schema):
    unit: int
    start: dt.date
    end: dt.date
    rows: list[ReportRow]
    not_reported: list[ReportRow]


class FallbackOut(Schema):
    id: int
    name: str
    org: str
    relation_location: str


class FallbackIn(Schema):
    member: int
    org: int
    reason: str = Field(..., max_length=limit_of(FallbackAttachment, "reason"))


def _post(p) -> dict:
    return {"id": p.pk, "community": p.community_id, "name": p.name,
            "description": p.description}


def _registration(r) -> dict:
    return {"id": r.pk, "member": r.member_id, "name": r.member.resident.name,
            "unit": r.unit.name, "community": r.community.name,
            "posts": [_post(p) for p in r.posts.all()],
            "is_active": r.is_active, "registered_at": r.registered_at}


def _log(row) -> dict:
    return {"id": row.pk, "name": row.registration.member.resident.name,
            "served_on": row.served_on, "hours": row.hours, "description": row.description,
            "state": row.state}


def _home_community(member):
    return selectors.home_community(member)


@router.get("/posts", response=list[PostOut])
def post_list(request, community: int | None = None):
    qs = selectors.posts_for_actor(request.user)
    member = member_of(request.user)
    if member is not None:
        home = _home_community(member)
        qs = qs | selectors.post_list(community=home) if home else qs
    if community:
        qs = qs.filter(community_id=community)
    return [_post(p) for p in qs[:300]]


@router.post("/posts", response={201: PostOut})
def post_create(request, payload: PostIn):
    from shequ.territory.selectors import area_get_for_actor
    community = area_get_for_actor(request.user, payload.community)
    p = services.post_create(actor=request.user, community=community, name=payload.name,
                             description=payload.description)
    return Status(201, _post(p))


@router.patch("/posts/{post_id}", response=PostDetail)
def post_update(request, post_id: int, payload: PostPatch):
    post = selectors.post_get_for_actor(request.user, post_id)
    given = payload.dict(exclude_unset=True)

    def pick(key, stored):
        return stored if given.get(key) is None else given[key]

    p = services.post_update(
        actor=request.user, post=post, name=pick("name", post.name),
        description=pick("description", post.description),
        capacity=given["capacity"] if "capacity" in given else post.capacity,
        is_active=pick("is_active", post.is_active))
    return {**_post(p), "capacity": p.capacity, "is_active": p.is_active}


@router.get("/registrations/me", response=RegistrationOut)
def my_registration(request):
    row = selectors.my_registration(request.user)
    if row is None:
        raise NotFound()
    return _registration(row)


@router.post("/registrations", response={201: RegistrationOut})
def register(request, payload: StaffRegisterIn):
    if payload.member is not None:
        member = selectors.member_get_for_actor(request.user, payload.member)
    else:
        member = member_of(request.user)
    if member is None:
        raise DomainError(_("This page is for party members."), code=MemberErrorCode.NOT_A_MEMBER)
    community = _home_community(member)
    if community is None:
        raise DomainError(_("Register with the community where you live."),
                          code=MemberErrorCode.NOT_HOME_COMMUNITY, field="community")
    posts = list(selectors.post_list(community=community).filter(pk__in=payload.posts))
    if len(posts) != len(set(payload.posts)):
        raise DomainError(_("Choose posts of this community."), field="posts")
    row = services.dual_register(actor=request.user, member=member, community=community,
                                 posts=posts)
    return Status(201, _registration(row))


@router.post("/registrations/{registration_id}/posts", response=RegistrationOut)
def registration_posts(request, registration_id: int, payload: RegisterIn):
    row = selectors.registration_get_for_actor(request.user, registration_id)
    posts = selectors.posts_named(payload.posts)
    if len(posts) != len(set(payload.posts)):
        raise DomainError(_("Choose posts of this community."), field="posts")
    services.dual_posts_set(actor=request.user, registration=row, posts=posts)
    return _registration(selectors.registration_get_for_actor(request.user, row.pk))


@router.post("/registrations/{registration_id}/end", response=RegistrationOut)
def end(request, registration_id: int, payload: EndIn):
    row = selectors.registration_get_for_actor(request.user, registration_id)
    return _registration(services.dual_end(actor=request.user, registration=row,
                                           reason=payload.reason))


@router.post("/logs", response={201: LogOut})
def log_create(request, payload: LogIn):
    registration = selectors.my_registration(request.user)
    if registration is None:
        raise DomainError(_("Register with your community first."), code=MemberErrorCode.NOT_REGISTERED)
    post = registration.posts.filter(pk=payload.post).first() if payload.post else None
    if payload.post and post is None:
        raise DomainError(_("Choose posts of this community."), field="post")
    row = services.service_log_create(actor=request.user, registration=registration,
                                      served_on=payload.served_on, hours=payload.hours,
                                      post=post, description=payload.description)
    return Status(201, _log(row))


@router.get("/logs", response=list[LogOut])
def log_queue(request):
    return [_log(r) for r in selectors.log_queue(actor=request.user)[:200]]


@router.post("/logs/{log_id}/{decision}", response=LogOut)
def log_decide(request, log_id: int, decision: str):
    if decision not in ("confirm", "reject"):
        raise NotFound()
    row = selectors.log_get_for_actor(request.user, log_id)
    log, _entry = services.service_log_decide(actor=request.user, log=row,
                                              confirm=decision == "confirm")
    return _log(log)


@router.get("/units/{unit_id}/report", response=ReportOut)
def unit_report(request, unit_id: int, start: dt.date, end: dt.date):
    unit, rows = selectors.unit_report(request.user, unit_id=unit_id, start=start, end=end)
    return {"unit": unit.pk, "start": start, "end": end, "rows": rows,
            "not_reported": selectors.not_reported(rows)}


@router.get("/fallback", response=list[FallbackOut])
def fallback_list(request):
    if not registration_policy.holds(request.user, Action.VIEW_DUAL):
        raise NotFound()
    return [{"id": m.pk, "name": m.resident.name, "org": m.org.name,
             "relation_location": m.relation_location}
            for m in selectors.fallback_members(actor=request.user)[:300]]


@router.post("/fallback", response={201: FallbackOut})
def fallback_attach(request, payload: FallbackIn):
    from shequ.registry.selectors import party_member_list
    member = party_member_list(actor=request.user).filter(pk=payload.member).first()
    org = selectors.fallback_orgs(request.user).filter(pk=payload.org).first()
    if member is None or org is None:
        raise NotFound()
    services.fallback_attach(actor=request.user, member=member, org=org, reason=payload.reason)
    return Status(201, {"id": member.pk, "name": member.resident.name, "org": org.name,
                        "relation_location": member.relation_location})


class LiaisonIn(Schema):
    username: str = Field(..., max_length=150)


class LiaisonOut(Schema):
    id: int
    username: str
    display_name: str


def _staff_unit(actor, unit_id: int):
    unit = selectors.unit_staff_get_for_actor(actor, unit_id)
    return unit


@router.get("/units/{unit_id}/liaisons", response=list[LiaisonOut])
def unit_liaison_list(request, unit_id: Id):
    """The accounts linked as a unit's liaison."""
    unit = _staff_unit(request.auth, unit_id)
    return selectors.liaison_users(unit)


@router.post("/units/{unit_id}/liaisons", response={201: LiaisonOut})
def unit_liaison_link(request, unit_id: Id, payload: LiaisonIn):
    """Link an account (in the caller's territory) as the unit's liaison."""
    unit = _staff_unit(request.auth, unit_id)
    user = selectors.liaison_candidate_get(request.auth, payload.username, field="username")
    services.unit_liaison_link(actor=request.auth, user=user, unit=unit)
    return Status(201, user)


@router.delete("/units/{unit_id}/liaisons/{user_id}", response={204: None})
def unit_liaison_unlink(request, unit_id: Id, user_id: Id):
    """Unlink a liaison account from the unit."""
    unit = _staff_unit(request.auth, unit_id)
    user = selectors.liaison_user_get(unit, user_id)
    services.unit_liaison_unlink(actor=request.auth, user=user, unit=unit)
    return Status(204, None)
