"""Accounts over the API: exchange a password for a token, list and revoke one's own
tokens, ``/me`` (who am I, which roles over which areas, what may I do), one's own
password; and, for system administrators, the accounts in their care.

POST   auth/token          {username, password, name[, otp]} → 201 {id, name, prefix, token, created_at, expires_at}
GET    auth/tokens         own live tokens (never the token itself)
DELETE auth/token/{id}     revoke one of one's own tokens → 204
GET    me                  {id, username, display_name, roles, grants, actions, must_change_password}
POST   me/password         {old_password, new_password} → 204 (revokes every token of the
                           account, the caller's too: get a new one)

GET    users               ?q=&role=&area=&status=&limit=&cursor=&with_count= → {items, next_cursor[, count]}
POST   users               UserIn (with first grants) → 201 UserDetail + sent_to (the owner
                           gets a one-time link to choose the password)
GET    users/{id}          UserDetail
POST   users/{id}/phone/reveal {reason} → {phone} (audited)
PATCH  users/{id}          {display_name, email, phone, home_area_id, is_active, reason} → UserDetail
POST   users/{id}/password-reset        → 202 {sent_to} (a one-time link goes to the user)
POST   users/{id}/grants   {role, area_id} → 201 GrantItem
DELETE users/{id}/grants/{grant_id}     → 204
GET    grants/pending      grants waiting for approval (security administrator)
POST   grants/{id}/approve → GrantItem;  POST grants/{id}/reject {reason} → 204
GET    lockouts            names locked now (security administrator)
DELETE lockouts/{username} lift a lockout → 204

A system administrator reaches the accounts whose grants all lie inside their own account
scope (plus those whose home area does); other ids answer 404 exactly like missing ones,
and a caller without the manage_accounts action gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from shequ.core import manifest
from shequ.core.errors import DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.keyset import keyset_page

from . import selectors, services
from .roles import Action, Role
from .services.codes import AccountErrorCode

router = Router(tags=["accounts"])


class InvalidCredentials(DomainError):
    status = 401
    default_code = AccountErrorCode.INVALID_CREDENTIALS


class LockedOut(DomainError):
    status = 429
    default_code = ErrorCode.LOCKED_OUT


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=256)
    name: str = Field("api", max_length=60, description="a label to recognise the token by")
    otp: str = Field("", max_length=20, description="the authenticator app's current code or "
                                                   "a recovery code (staff and administrators "
                                                   "when a second factor is required)")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None
    expires_at: dt.datetime = Field(description="lapses unless used before then")


class TokenIssuedOut(TokenOut):
    token: str = Field(description="shown once; only a hash is stored")


class AreaRef(Schema):
    id: int
    kind: str
    name: str
    path: str


class GrantOut(Schema):
    role: str
    area: AreaRef


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[str]
    grants: list[GrantOut]
    actions: list[str]
    must_change_password: bool


class PasswordChangeIn(Schema):
    model_config = {"extra": "forbid"}

    old_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


@router.post("/auth/token", auth=None, response={201: TokenIssuedOut})
def token_create(request, payload: TokenIn):
    """Exchange username and password for an API token. Five failed attempts within fifteen
    minutes lock the name (429 ``locked_out``), whether or not the password is right."""
    username = payload.username.strip()
    if services.is_locked_out(username):
        raise LockedOut(_("Too many failed sign-ins; try again in 15 minutes."),
                        field="username")
    user = authenticate(request, username=username, password=payload.password)
    if user is None:
        if services.is_locked_out(username):
            raise LockedOut(_("Too many failed sign-ins; try again in 15 minutes."),
                            field="username")
        raise InvalidCredentials(_("The username or password is not correct."))
    token, raw = services.api_token_create(actor=user, user=user, name=payload.name.strip(),
                                           otp=payload.otp)
    return Status(201, {"id": token.pk, "name": token.name, "prefix": token.prefix, "token": raw,
                        "created_at": token.created_at, "last_used_at": None,
                        "expires_at": token.expires_at})


@router.get("/auth/tokens", response=list[TokenOut])
def token_list(request):
    """The caller's own live tokens (not revoked, not lapsed)."""
    return selectors.own_tokens(request.auth).order_by("id")


@router.delete("/auth/token/{token_id}", response={204: None})
def token_revoke(request, token_id: int):
    """Revoke one of the caller's own tokens; another user's token is "not found"."""
    try:
        token = selectors.own_token_get(request.auth, token_id)
    except NotFound:
        raise NotFound(field="token_id") from None
    services.api_token_revoke(actor=request.auth, token=token)
    return Status(204, None)


@router.get("/me", response=MeOut)
def me(request):
    """The caller, their (role, area) grants and the actions those grants allow."""
    user = request.auth
    grants = user.grants.select_related("area").order_by("area__path", "role")
    known = manifest.known_actions()
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(user.roles),
        "grants": [{"role": g.role, "area": g.area} for g in grants],
        "actions": [a for a in known if user.can(a)],
        "must_change_password": user.must_change_password,
    }


@router.post("/me/password", response={204: None})
def me_password(request, payload: PasswordChangeIn):
    """Change one's own password; the current one is required and the password rules
    apply (400 naming ``old_password`` or ``new_password``). Every API token of the account
    stops working, this one included."""
    services.user_password_change(user=request.auth, old_password=payload.old_password,
                                  new_password=payload.new_password)
    return Status(204, None)


# -- accounts in a system administrator's care --------------------------------------------------
PAGE = {"ge": 1, "le": settings.API_MAX_PAGE_SIZE}


class UserQuery(Schema):
    q: str = Field("", max_length=60, description="username prefix or part of the name")
    role: Role | None = Field(None, description="accounts holding this role somewhere")
    area: int | None = Field(None, description="id of an area: a grant or the home area in it")
    status: Literal["active", "inactive"] | None = None
    limit: int = Field(settings.API_PAGE_SIZE, **PAGE)
    cursor: str | None = Field(None, max_length=400, description="next_cursor of the last page")
    with_count: bool = Field(False, description="also count every match")


class UserRef(Schema):
    id: int
    username: str
    display_name: str
    email: str


class GrantItem(GrantOut):
    id: int
    pending: bool = Field(False, description="waiting for a security administrator's approval; "
                                             "no effect until approved")


class UserItem(Schema):
    id: int
    username: str
    display_name: str
    email: str
    phone: str = Field("", description="masked (138****5678); stored encrypted")
    is_active: bool
    must_change_password: bool
    home_area: AreaRef | None
    grants: list[GrantItem]


class UserDetail(UserItem):
    last_login: dt.datetime | None
    date_joined: dt.datetime
    locked_out: bool
    manageable: bool = Field(description="false for one's own account and for security "
                                         "and audit administrators (command line only)")


class UserCreated(UserDetail):
    sent_to: str = Field(description="the masked address the link to choose a password went to")


class UserPage(Schema):
    items: list[UserItem]
    next_cursor: str | None
    count: int | None = Field(None, description="only with with_count=true")


class GrantIn(Schema):
    model_config = {"extra": "forbid"}

    role: Role
    area_id: int


class UserIn(Schema):
    model_config = {"extra": "forbid"}

    username: str = Field(max_length=150)
    display_name: str = Field("", max_length=60)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=30, description="mobile or landline; stored encrypted")
    home_area_id: int = Field(description="the area whose administrators look after it")
    grants: list[GrantIn] = Field(default_factory=list, max_length=20)


class UserPatch(Schema):
    model_config = {"extra": "forbid"}

    display_name: str | None = Field(None, max_length=60)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=30, description="'' clears it")
    home_area_id: int | None = None
    is_active: bool | None = Field(None, description="false deactivates, true reactivates")
    reason: str = Field("", max_length=300, description="kept in the audit trail")


class PasswordResetOut(Schema):
    sent_to: str = Field(description="the masked address the one-time link went to")


class PendingGrantOut(GrantItem):
    user: UserRef
    requested_by: str | None
    created_at: dt.datetime


class RejectIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field("", max_length=300, description="kept in the audit trail")


class LockoutOut(Schema):
    username: str
    failures: int
    last_at: dt.datetime
    until: dt.datetime
    is_account: bool


def _grant_item(g) -> dict:
    return {"id": g.pk, "role": g.role, "area": g.area, "pending": g.is_pending}


def _user_item(u) -> dict:
    return {
        "id": u.pk, "username": u.username, "display_name": u.display_name, "email": u.email,
        "phone": u.phone_masked, "is_active": u.is_active, "must_change_password": u.must_change_password,
        "home_area": u.home_area,
        "grants": [_grant_item(g) for g in u.grants.all()],
    }


def _user_detail(actor, user_id: int) -> dict:
    u = selectors.user_get_for_actor(actor, user_id)
    return {**_user_item(u), "last_login": u.last_login, "date_joined": u.date_joined,
            "locked_out": services.is_locked_out(u.username),
            "manageable": u.pk != actor.pk and not selectors.is_operator_managed(u)}


def _require_manager(actor) -> None:
    if not actor.can(Action.MANAGE_ACCOUNTS):
        raise Forbidden()


def _area(actor, area_id: int, field: str):
    try:
        return selectors.grantable_area_get(actor, area_id)
    except NotFound:
        raise NotFound(field=field) from None


@router.get("/users", response=UserPage)
def user_list(request, filters: Query[UserQuery]):
    """Accounts in the caller's care, by username, ``limit`` at a time after ``cursor``."""
    actor = request.auth
    _require_manager(actor)
    area = _area(actor, filters.area, "area") if filters.area is not None else None
    qs = selectors.user_list(actor=actor, filters=selectors.UserFilters(
        q=filters.q, role=filters.role or "", area=area, status=filters.status or ""))
    rows, next_cursor = keyset_page(qs, limit=filters.limit, cursor=filters.cursor)
    page = {"items": [_user_item(u) for u in rows], "next_cursor": next_cursor}
    if filters.with_count:
        page["count"] = qs.count()
    return page


@router.post("/users", response={201: UserCreated})
def user_create(request, payload: UserIn):
    """Create an account with its first grants; all of it is saved, or nothing. Data roles
    wait for a security administrator's approval; the owner is sent a one-time link to
    choose the password (400 ``no_contact`` when they cannot be reached)."""
    actor = request.auth
    _require_manager(actor)
    home_area = _area(actor, payload.home_area_id, "home_area_id")
    grants = [(g.role, _area(actor, g.area_id, "grants")) for g in payload.grants]
    user = services.user_create(
        actor=actor, username=payload.username, display_name=payload.display_name,
        email=payload.email, home_area=home_area, grants=grants, phone=payload.phone,
        site=request.build_absolute_uri("/"),
    )
    return Status(201, {**_user_detail(actor, user.pk), "sent_to": services.contact_of(user)})


@router.get("/users/{user_id}", response=UserDetail)
def user_detail(request, user_id: int):
    _require_manager(request.auth)
    return _user_detail(request.auth, user_id)


@router.patch("/users/{user_id}", response=UserDetail)
def user_update(request, user_id: int, payload: UserPatch):
    """Change the given fields; ``is_active`` deactivates or reactivates (accounts are
    never deleted). All changes are saved together, or none."""
    actor = request.auth
    _require_manager(actor)
    user = selectors.user_get_for_actor(actor, user_id)
    changes = payload.model_dump(exclude_unset=True)
    with transaction.atomic():
        if {"display_name", "email", "phone", "home_area_id"} & set(changes):
            home = changes.get("home_area_id")
            services.user_update(
                actor=actor, user=user, display_name=changes.get("display_name"),
                email=changes.get("email"), phone=changes.get("phone"),
                home_area=_area(actor, home, "home_area_id") if home is not None else None,
            )
        active = changes.get("is_active")
        if active is not None and active != user.is_active:
            service = services.user_reactivate if active else services.user_deactivate
            service(actor=actor, user=user, reason=payload.reason)
    return _user_detail(actor, user_id)


class PhoneRevealIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(max_length=300, description="why you need it; kept in the audit trail")


class PhoneRevealOut(Schema):
    phone: str


@router.post("/users/{user_id}/phone/reveal", response=PhoneRevealOut)
def user_phone_reveal(request, user_id: int, payload: PhoneRevealIn):
    """The account's phone in clear, for an administrator who manages the account; the
    reveal is logged (who, when, why) before the value is returned."""
    actor = request.auth
    _require_manager(actor)
    user = selectors.user_get_for_actor(actor, user_id)
    return {"phone": services.user_phone_reveal(actor=actor, user=user, reason=payload.reason)}


@router.post("/users/{user_id}/password-reset", response={202: PasswordResetOut})
def user_password_reset(request, user_id: int):
    """Send the user a one-time link to choose a new password (the administrator never
    sees a password); the old one, their sessions and API tokens stop working. 400
    ``no_contact`` when the account has no address on the configured channel."""
    actor = request.auth
    _require_manager(actor)
    user = selectors.user_get_for_actor(actor, user_id)
    sent_to = services.user_password_reset(actor=actor, user=user,
                                           site=request.build_absolute_uri("/"))
    return Status(202, {"sent_to": sent_to})


@router.post("/users/{user_id}/grants", response={201: GrantItem})
def grant_add(request, user_id: int, payload: GrantIn):
    """Grant a role over an area inside the caller's scope (三权分立 enforced)."""
    actor = request.auth
    _require_manager(actor)
    user = selectors.user_get_for_actor(actor, user_id)
    area = _area(actor, payload.area_id, "area_id")
    grant = services.grant_add(actor=actor, user=user, role=payload.role, area=area)
    return Status(201, _grant_item(grant))


@router.delete("/users/{user_id}/grants/{grant_id}", response={204: None})
def grant_remove(request, user_id: int, grant_id: int):
    actor = request.auth
    _require_manager(actor)
    user = selectors.user_get_for_actor(actor, user_id)
    grant = selectors.grant_get_for_actor(actor, user=user, grant_id=grant_id)
    services.grant_remove(actor=actor, grant=grant)
    return Status(204, None)


# -- grant approval (security administrator) ---------------------------------------------------
def _require_security(actor) -> None:
    if not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()


@router.get("/grants/pending", response=list[PendingGrantOut])
def pending_grant_list(request):
    """Grants a system administrator asked for, inside the caller's security scope."""
    _require_security(request.auth)
    return [{**_grant_item(g), "user": g.user, "created_at": g.created_at,
             "requested_by": g.requested_by.username if g.requested_by else None}
            for g in selectors.pending_grant_list(actor=request.auth)]


@router.post("/grants/{grant_id}/approve", response=GrantItem)
def grant_approve(request, grant_id: int):
    """Let a pending grant take effect (404 when not pending or out of scope)."""
    _require_security(request.auth)
    grant = selectors.pending_grant_get_for_actor(request.auth, grant_id)
    return _grant_item(services.grant_approve(actor=request.auth, grant=grant))


@router.post("/grants/{grant_id}/reject", response={204: None})
def grant_reject(request, grant_id: int, payload: RejectIn):
    _require_security(request.auth)
    grant = selectors.pending_grant_get_for_actor(request.auth, grant_id)
    services.grant_reject(actor=request.auth, grant=grant, reason=payload.reason)
    return Status(204, None)


# -- lockouts (security administrator) ---------------------------------------------------------
@router.get("/lockouts", response=list[LockoutOut])
def lockout_list(request):
    """Names locked right now that the caller may unlock."""
    actor = request.auth
    if not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    return [{"username": lo.username, "failures": lo.failures, "last_at": lo.last_at,
             "until": lo.until, "is_account": lo.user is not None}
            for lo in selectors.lockout_list(actor=actor)]


@router.delete("/lockouts/{username}", response={204: None})
def lockout_clear(request, username: str):
    services.lockout_clear(actor=request.auth, username=username[:150])
    return Status(204, None)
