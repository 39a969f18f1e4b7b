"""Accounts over the API: exchange a password for a token, list and revoke one's own
tokens, and ``/me`` (who am I, which roles over which areas, what may I do).

POST   auth/token          {username, password, name} → 201 {id, name, prefix, token, created_at}
GET    auth/tokens         own live tokens (never the token itself)
DELETE auth/token/{id}     revoke one of one's own tokens → 204
GET    me                  {id, username, display_name, roles, grants, actions}
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from shequ.core.errors import DomainError, ErrorCode, NotFound

from . import services
from .roles import ROLE_ACTIONS

router = Router(tags=["accounts"])


class AuthErrorCode(StrEnum):
    INVALID_CREDENTIALS = "invalid_credentials"
    LOCKED_OUT = ErrorCode.LOCKED_OUT


class InvalidCredentials(DomainError):
    status = 401
    default_code = AuthErrorCode.INVALID_CREDENTIALS


class LockedOut(DomainError):
    status = 429
    default_code = AuthErrorCode.LOCKED_OUT


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=256)
    name: str = Field("api", max_length=60, description="a label to recognise the token by")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None = None


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
    token, raw = services.api_token_create(actor=user, user=user, name=payload.name.strip())
    return 201, {"id": token.pk, "name": token.name, "prefix": token.prefix, "token": raw,
                 "created_at": token.created_at, "last_used_at": None}


@router.get("/auth/tokens", response=list[TokenOut])
def token_list(request):
    """The caller's own tokens that are not revoked."""
    return request.auth.api_tokens.filter(revoked_at__isnull=True).order_by("id")


@router.delete("/auth/token/{token_id}", response={204: None})
def token_revoke(request, token_id: int):
    """Revoke one of the caller's own tokens; another user's token is "not found"."""
    token = request.auth.api_tokens.filter(pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise NotFound(field="token_id")
    services.api_token_revoke(actor=request.auth, token=token)
    return 204, None


@router.get("/me", response=MeOut)
def me(request):
    """The caller, their (role, area) grants and the actions those grants allow."""
    user = request.auth
    grants = user.grants.select_related("area").order_by("area__path", "role")
    known = sorted({a for actions in ROLE_ACTIONS.values() for a in actions})
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "roles": sorted(user.roles),
        "grants": [{"role": g.role, "area": g.area} for g in grants],
        "actions": [a for a in known if user.can(a)],
    }
