"""Sign-up over the JSON API (mounted at /api/v1/signup/).

POST   start                         {name, id_number, phone} → 202 {challenge, expires_at, sent_to}
POST   verify                        {challenge, code, username, password} → 201 account
GET    invitations/{token}           → {name, expires_at}  (anyone holding the link)
POST   invitations/{token}/accept    {username, password} → 201 account
POST   residents/{id}/invitations    staff → 201 {url, token, expires_at, qr_svg}
POST   residents/{id}/unlink         staff {reason} → 204
GET    invitations                   staff ?q=&limit=&cursor= → {items: [open invitation], next_cursor}
POST   invitations/{id}/revoke       staff {reason} → open invitation, now revoked; 409 when
                                     it is no longer open; its link then answers 400
                                     ``invitation_revoked``

A non-match is one generic 400 ``no_match``; limits answer 429 ``rate_limited`` /
``too_many_attempts``."""

from __future__ import annotations

import datetime as dt

import segno
from django.conf import settings
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from shequ.core.clientip import client_ip
from shequ.core.keyset import keyset_page
from shequ.registry import selectors as registry_selectors

from . import selectors, services

router = Router(tags=["signup"])


class StartIn(Schema):
    model_config = {"extra": "forbid"}

    name: str = Field(max_length=40)
    id_number: str = Field(max_length=30)
    phone: str = Field(max_length=30)


class StartOut(Schema):
    challenge: str = Field(description="pass back to verify with the code")
    expires_at: dt.datetime
    sent_to: str = Field(description="the masked phone the code went to")


class AccountIn(Schema):
    model_config = {"extra": "forbid"}

    username: str = Field(max_length=150)
    password: str = Field(max_length=256)


class VerifyIn(AccountIn):
    challenge: str = Field(max_length=64)
    code: str = Field(max_length=10)


class AccountOut(Schema):
    id: int
    username: str
    display_name: str
    roles: list[str]
    resident_id: int


class InvitationOut(Schema):
    name: str
    expires_at: dt.datetime


class InvitationIssued(Schema):
    id: int
    url: str = Field(description="the link to hand over; shown this once")
    token: str
    expires_at: dt.datetime
    qr_svg: str = Field(description="the link as an SVG QR code")


class UnlinkIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(max_length=300)


class InvitationQuery(Schema):
    q: str = Field("", max_length=40)
    limit: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)
    cursor: str | None = Field(None, max_length=400)


class StaffInvitationOut(Schema):
    id: int
    resident_id: int
    resident_name: str = Field(alias="resident.name")
    issued_by: str = Field(alias="issued_by.username")
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None


class StaffInvitationPage(Schema):
    items: list[StaffInvitationOut]
    next_cursor: str | None


def _account(user) -> dict:
    return {"id": user.pk, "username": user.username, "display_name": user.display_name,
            "roles": sorted(user.roles), "resident_id": user.resident.pk}


@router.post("/start", auth=None, response={202: StartOut})
def start(request, payload: StartIn):
    """Match name, ID number and phone against the registry; a code goes to the phone."""
    started = services.signup_start(name=payload.name, id_number=payload.id_number,
                                    phone=payload.phone, ip=client_ip(request))
    return Status(202, {"challenge": started.key, "expires_at": started.expires_at,
                        "sent_to": started.sent_to})


@router.post("/verify", auth=None, response={201: AccountOut})
def verify(request, payload: VerifyIn):
    """The code, and the new account's username and password; then sign in as usual."""
    user = services.signup_complete(key=payload.challenge, code=payload.code,
                                    username=payload.username, password=payload.password,
                                    ip=client_ip(request))
    return Status(201, _account(user))


@router.get("/invitations/{token}", auth=None, response=InvitationOut)
def invitation_detail(request, token: str):
    invitation = services.invitation_for_token(token)
    return {"name": invitation.resident.name, "expires_at": invitation.expires_at}


@router.post("/invitations/{token}/accept", auth=None, response={201: AccountOut})
def invitation_accept(request, token: str, payload: AccountIn):
    user = services.invitation_accept(token=token, username=payload.username,
                                      password=payload.password, ip=client_ip(request))
    return Status(201, _account(user))


@router.post("/residents/{resident_id}/invitations", response={201: InvitationIssued})
def invitation_issue(request, resident_id: int):
    """A single-use invitation for a resident in your scope (staff who may edit them)."""
    resident = registry_selectors.resident_get_for_actor(request.auth, resident_id)
    invitation, token = services.invitation_issue(actor=request.auth, resident=resident)
    url = request.build_absolute_uri(reverse("signup:invitation-accept", args=[token]))
    return Status(201, {"id": invitation.pk, "url": url, "token": token,
                        "expires_at": invitation.expires_at,
                        "qr_svg": segno.make(url, error="m").svg_inline(scale=4, border=2)})


@router.post("/residents/{resident_id}/unlink", response={204: None})
def resident_unlink(request, resident_id: int, payload: UnlinkIn):
    resident = registry_selectors.resident_get_for_actor(request.auth, resident_id)
    services.resident_unlink(actor=request.auth, resident=resident, reason=payload.reason)
    return Status(204, None)


@router.get("/invitations", response=StaffInvitationPage)
def invitation_list(request, query: Query[InvitationQuery]):
    """Open invitations of residents whose records you may edit, newest first."""
    qs = selectors.open_invitation_list(actor=request.auth, q=query.q)
    items, next_cursor = keyset_page(qs, limit=query.limit, cursor=query.cursor)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/invitations/{invitation_id}/revoke", response=StaffInvitationOut)
def invitation_revoke(request, invitation_id: int, payload: UnlinkIn):
    """Take back an open invitation, with a reason; its link is refused from then on."""
    invitation = selectors.invitation_get_for_actor(request.auth, invitation_id)
    return services.invitation_revoke(actor=request.auth, invitation=invitation,
                                      reason=payload.reason)
