"""Residents, households and party members over the API, limited to the caller's scope.

GET   residents                 ?q=&area=&tag=&gender=&residence_type=&political_status=
                                 &limit=&cursor=&with_count=  → {items, next_cursor[, count]}
POST  residents                 ResidentIn → 201 ResidentDetail
GET   residents/{id}            ResidentDetail
PATCH residents/{id}            ResidentPatch → ResidentDetail
POST  residents/{id}/deactivate {reason} → ResidentDetail
POST  residents/{id}/reveal     {field: id_number|phone, reason} → {field, value} (audited)
GET   households/{id}           Household with its members
GET   party-members             ?q=&status=&org=&area=&limit=&cursor= → {items, next_cursor}
GET   tags                      tags the caller may see
GET   stats/counts              {residents, households, party_members, grids}

ID numbers and phones appear masked only; the clear value comes from ``reveal`` alone,
which the service audits. Out-of-scope ids answer 404 exactly like missing ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.accounts.roles import Action
from shequ.core.errors import DomainError, NotFound
from shequ.core.keyset import keyset_page
from shequ.organizations import selectors as org_selectors
from shequ.registry.errors import RegistryErrorCode
from shequ.territory import selectors as territory_selectors
from shequ.territory.filters import in_area

from . import pii, selectors, services
from .forms import tag_label, visible_tags
from .models import Gender, MembershipStatus, PoliticalStatus, Relation, ResidenceType
from .policies import resident_policy

router = Router(tags=["registry"])
PAGE = {"ge": 1, "le": settings.API_MAX_PAGE_SIZE}


# -- schemas ------------------------------------------------------------------------------------
class ResidentQuery(Schema):
    q: str = Field("", max_length=40, description="name, pinyin, initials, last 4 of phone/ID")
    area: int | None = Field(None, description="id of an area: its whole subtree")
    tag: str = Field("", max_length=30, description="tag code")
    gender: Gender | None = None
    residence_type: ResidenceType | None = None
    political_status: PoliticalStatus | None = None
    limit: int = Field(settings.API_PAGE_SIZE, **PAGE)
    cursor: str | None = Field(None, max_length=400, description="next_cursor of the last page")
    with_count: bool = Field(False, description="also count every match (slower)")


class MemberOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: dt.date | None = Field(
        description="only for callers who may reveal the ID number (null otherwise): with "
                    "the masked number it would narrow the number down to a few dozen")
    birth_year: int
    age: int
    id_number_masked: str
    phone_masked: str
    relation: str
    ethnicity: str
    political_status: str
    residence_type: str
    is_active: bool
    household_id: int


class ResidentItem(MemberOut):
    address: str


class ResidentPage(Schema):
    items: list[ResidentItem]
    next_cursor: str | None
    count: int | None = Field(None, description="only with with_count=true")


class TagOut(Schema):
    code: str
    name: str
    sensitive: bool


class Ref(Schema):
    id: int
    name: str


class HouseholdOut(Schema):
    id: int
    address: str
    room: str
    entrance: str
    building: str
    compound: str | None
    grid: Ref


class Permissions(Schema):
    edit: bool
    reveal: bool


class ResidentDetail(ResidentItem):
    note: str
    tags: list[TagOut]
    household: HouseholdOut
    created_at: dt.datetime
    updated_at: dt.datetime
    can: Permissions


class HouseholdDetail(HouseholdOut):
    members: list[MemberOut]


class ResidentIn(Schema):
    model_config = {"extra": "forbid"}

    household_id: int
    name: str = Field(max_length=services.NAME_MAX)
    id_number: str = Field(max_length=40, description="18 characters, GB 11643 check digit")
    phone: str | None = Field(None, max_length=30)
    relation: Relation | None = Field(
        None, description="default: head (户主) while the household has none, then spouse, "
                          "then child; a second head is refused (400 household_has_head)")
    gender: Gender | None = Field(None, description="optional; must match the ID number")
    birth_date: dt.date | None = Field(None, description="optional; must match the ID number")
    ethnicity: str = Field("汉族", max_length=services.ETHNICITY_MAX)
    political_status: PoliticalStatus = PoliticalStatus.MASSES
    residence_type: ResidenceType = ResidenceType.REGISTERED
    tags: list[str] = Field(default_factory=list, max_length=20, description="tag codes")
    note: str = Field("", max_length=services.NOTE_MAX)


class ResidentPatch(Schema):
    model_config = {"extra": "forbid"}

    household_id: int | None = None
    name: str | None = Field(None, max_length=services.NAME_MAX)
    phone: str | None = Field(None, max_length=30, description="null clears the phone")
    relation: Relation | None = None
    ethnicity: str | None = Field(None, max_length=services.ETHNICITY_MAX)
    political_status: PoliticalStatus | None = None
    residence_type: ResidenceType | None = None
    tags: list[str] | None = Field(None, max_length=20)
    note: str | None = Field(None, max_length=services.NOTE_MAX)


class ReasonIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(max_length=300)


class RevealIn(ReasonIn):
    field: Literal["id_number", "phone"]


class RevealOut(Schema):
    field: str
    value: str


class PartyMemberQuery(Schema):
    q: str = Field("", max_length=40)
    status: MembershipStatus | None = None
    org: int | None = Field(None, description="id of a party organisation")
    area: int | None = Field(None, description="id of an area: its whole subtree")
    limit: int = Field(settings.API_PAGE_SIZE, **PAGE)
    cursor: str | None = Field(None, max_length=400)


class PartyMemberOut(Schema):
    id: int
    resident: Ref
    org: Ref
    unit_id: int | None
    status: str
    joined_on: dt.date
    relation_location: str


class PartyMemberPage(Schema):
    items: list[PartyMemberOut]
    next_cursor: str | None


class CountsOut(Schema):
    residents: int
    households: int
    party_members: int
    grids: int


# -- helpers -------------------------------------------------------------------------------------
def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _person(r, today: dt.date, births, *, address: bool = True) -> dict:
    """One resident as the API shows it; ``births`` is pii.birth_date_scope(actor)."""
    out = {
        "id": r.pk, "name": r.name, "gender": r.gender,
        "birth_date": r.birth_date if pii.shows_birth_date(births, r.path) else None,
        "birth_year": r.birth_date.year,
        "age": _age(r.birth_date, today), "id_number_masked": r.id_number_masked,
        "phone_masked": r.phone_masked, "relation": r.relation, "ethnicity": r.ethnicity,
        "political_status": r.political_status, "residence_type": r.residence_type,
        "is_active": r.is_active, "household_id": r.household_id,
    }
    if address:
        out["address"] = r.household.address
    return out


def _household(h) -> dict:
    b = h.entrance.building
    return {"id": h.pk, "address": h.address, "room": h.room, "entrance": h.entrance.name,
            "building": b.name, "compound": b.compound.name if b.compound_id else None,
            "grid": {"id": b.grid_id, "name": b.grid.name}}


def _detail(actor, r) -> dict:
    staff = resident_policy.can(actor, Action.EDIT_PEOPLE, r)
    tags = [{"code": t.code, "name": tag_label(t), "sensitive": t.sensitive}
            for t in r.tags.all() if staff or not t.sensitive]
    return {**_person(r, timezone.localdate(), pii.birth_date_scope(actor)), "note": r.note,
            "tags": tags,
            "household": _household(r.household), "created_at": r.created_at,
            "updated_at": r.updated_at,
            "can": {"edit": staff, "reveal": resident_policy.can(actor, Action.REVEAL_PII, r)}}


def _tags(actor, codes: list[str], field: str = "tags") -> list:
    """Tag objects for codes the actor may use; an unknown (or hidden) code names the field."""
    editor = resident_policy.holds(actor, Action.EDIT_PEOPLE)
    known = {t.code: t for t in visible_tags(sensitive=editor)}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise DomainError(_("Unknown tag: %(code)s") % {"code": unknown[0]},
                          code=RegistryErrorCode.INVALID_CHOICE, field=field)
    return [known[c] for c in dict.fromkeys(codes)]


def _household_in_scope(actor, household_id: int):
    try:
        return territory_selectors.household_get_for_actor(actor, household_id)
    except NotFound:
        raise NotFound(field="household_id") from None


# -- residents ----------------------------------------------------------------------------------
@router.get("/residents", response=ResidentPage)
def resident_list(request, filters: Query[ResidentQuery]):
    """Search and filter residents in scope, ``limit`` at a time after ``cursor``."""
    actor = request.auth
    area = None
    if filters.area is not None:
        try:
            area = territory_selectors.area_get_for_actor(actor, filters.area)
        except NotFound:
            raise NotFound(field="area") from None
    if filters.tag:
        _tags(actor, [filters.tag], field="tag")
    qs = selectors.resident_list(actor=actor, filters=selectors.ResidentFilters(
        q=filters.q, area=area, tag=filters.tag, gender=filters.gender or "",
        residence_type=filters.residence_type or "",
        political_status=filters.political_status or "",
    ))
    rows, next_cursor = keyset_page(qs, limit=filters.limit, cursor=filters.cursor)
    today, births = timezone.localdate(), pii.birth_date_scope(actor)
    page = {"items": [_person(r, today, births) for r in rows], "next_cursor": next_cursor}
    if filters.with_count:
        page["count"] = qs.count()
    return page


@router.post("/residents", response={201: ResidentDetail})
def resident_create(request, payload: ResidentIn):
    """Register a resident in a household in scope (all checks pass, or nothing is saved)."""
    actor = request.auth
    household = _household_in_scope(actor, payload.household_id)
    resident = services.resident_create(
        actor=actor, household=household, name=payload.name, id_number=payload.id_number,
        phone=payload.phone, relation=payload.relation, gender=payload.gender,
        birth_date=payload.birth_date, ethnicity=payload.ethnicity,
        political_status=payload.political_status, residence_type=payload.residence_type,
        tags=_tags(actor, payload.tags), note=payload.note,
    )
    return Status(201, _detail(actor, selectors.resident_get_for_actor(actor, resident.pk)))


@router.get("/residents/{resident_id}", response=ResidentDetail)
def resident_detail(request, resident_id: int):
    return _detail(request.auth, selectors.resident_get_for_actor(request.auth, resident_id))


@router.patch("/residents/{resident_id}", response=ResidentDetail)
def resident_update(request, resident_id: int, payload: ResidentPatch):
    """Change the given fields; the ID number never changes (it is the person's key)."""
    actor = request.auth
    resident = selectors.resident_get_for_actor(actor, resident_id)
    changes = payload.model_dump(exclude_unset=True)
    if "household_id" in changes:
        changes["household"] = _household_in_scope(actor, changes.pop("household_id"))
    if "tags" in changes:
        changes["tags"] = _tags(actor, changes["tags"] or [])
    services.resident_update(actor=actor, resident=resident, **changes)
    return _detail(actor, selectors.resident_get_for_actor(actor, resident_id))


@router.post("/residents/{resident_id}/deactivate", response=ResidentDetail)
def resident_deactivate(request, resident_id: int, payload: ReasonIn):
    """Mark a resident as moved away or deceased; residents are never deleted."""
    actor = request.auth
    resident = selectors.resident_get_for_actor(actor, resident_id)
    services.resident_deactivate(actor=actor, resident=resident, reason=payload.reason)
    return _detail(actor, selectors.resident_get_for_actor(actor, resident_id))


@router.post("/residents/{resident_id}/reveal", response=RevealOut)
def resident_reveal(request, resident_id: int, payload: RevealIn):
    """The clear ID number or phone, for roles allowed to reveal; the service logs who,
    when, what and why before answering."""
    actor = request.auth
    resident = selectors.resident_get_for_actor(actor, resident_id)
    value = services.resident_reveal(actor=actor, resident=resident, field=payload.field,
                                     reason=payload.reason)
    return {"field": payload.field, "value": value}


# -- households, party members, tags, counts ----------------------------------------------------
@router.get("/households/{household_id}", response=HouseholdDetail)
def household_detail(request, household_id: int):
    """A household in scope with its members (masked)."""
    actor = request.auth
    household = territory_selectors.household_get_for_actor(actor, household_id)
    today, births = timezone.localdate(), pii.birth_date_scope(actor)
    members = selectors.household_members(actor=actor, household=household)
    return {**_household(household),
            "members": [_person(r, today, births, address=False) for r in members]}


@router.get("/party-members", response=PartyMemberPage)
def party_member_list(request, filters: Query[PartyMemberQuery]):
    """Party members in scope; search by the member's name like the resident search."""
    actor = request.auth
    if filters.org is not None:
        try:
            org_selectors.party_org_get_for_actor(actor, filters.org)
        except NotFound:
            raise NotFound(field="org") from None
    qs = in_area(selectors.party_member_list(actor=actor, q=filters.q,
                                             status=filters.status or "", org_id=filters.org),
                 actor=actor, action=Action.VIEW_PARTY, area_id=filters.area, refuse=True)
    rows, next_cursor = keyset_page(qs, limit=filters.limit, cursor=filters.cursor)
    items = [{"id": m.pk, "resident": {"id": m.resident_id, "name": m.resident.name},
              "org": {"id": m.org_id, "name": m.org.name}, "unit_id": m.unit_id,
              "status": m.status, "joined_on": m.joined_on,
              "relation_location": m.relation_location} for m in rows]
    return {"items": items, "next_cursor": next_cursor}


@router.get("/tags", response=list[TagOut])
def tag_list(request):
    """Tags the caller may filter by and assign (sensitive ones only for editors)."""
    editor = resident_policy.holds(request.auth, Action.EDIT_PEOPLE)
    return [{"code": t.code, "name": tag_label(t), "sensitive": t.sensitive}
            for t in visible_tags(sensitive=editor)]


@router.get("/stats/counts", response=CountsOut)
def stats_counts(request):
    """Residents (active), households, party members and grids in the caller's scope."""
    return selectors.scope_counts(request.auth)
