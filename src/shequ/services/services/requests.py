"""Writes for service requests and 代办: a resident asks (portal), staff at the counter or a
grid worker on a visit ask for them; staff accept (the legal time limit starts), hand the
request on between counters and departments, complete or refuse it; the resident rates
it once at the end. Every step writes its trail event and audit row in one transaction,
guarded by the request's state and version so a second concurrent step is told, not lost;
the resident hears of each step through ``notices``."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, NotFound
from shequ.core.freetext import clean_text
from shequ.ledgers import workdays
from shequ.notices.services import notify
from shequ.registry.models import Resident

from ..errors import ServiceErrorCode
from ..models import (
    Authorisation,
    CatalogueItem,
    RequestChannel,
    RequestEvent,
    RequestState,
    ServiceRequest,
)
from ..places import HOME_SERVICE_TAGS, is_offered_at, needs_home_service
from ..policies import Action, own_resident_id, request_policy

S = RequestState
NOTICE_KIND = "service_request"


def _link(req: ServiceRequest) -> str:
    return reverse("services:request-detail", args=[req.pk])


def _tell_resident(req: ServiceRequest, title: str, body: str = "", *, actor=None) -> None:
    user_id = req.resident.user_id
    if user_id and user_id != getattr(actor, "pk", None):
        notify(recipients=[user_id], kind=NOTICE_KIND, title=title, body=body, link=_link(req))


def _event(req, *, kind, actor, to_state="", holder="", note="", at=None) -> RequestEvent:
    return RequestEvent.objects.create(
        request=req, kind=kind, to_state=to_state, holder=holder[:60], note=note[:500],
        actor=actor if getattr(actor, "pk", None) else None, at=at or timezone.now())


def check_authorisation(auth: Authorisation, *, resident: Resident, item: CatalogueItem,
                        today=None) -> None:
    """An authorisation covers a request only if it is the resident's, not revoked, not
    past its date and for this item (or for any)."""
    today = today or timezone.localdate()
    if auth.resident_id != resident.pk:
        raise DomainError(_("This authorisation is another resident's."),
                          code=ServiceErrorCode.AUTHORISATION_MISMATCH, field="authorisation")
    if auth.revoked_at is not None:
        raise DomainError(_("This authorisation was revoked."),
                          code=ServiceErrorCode.AUTHORISATION_REVOKED, field="authorisation")
    if auth.valid_until < today:
        raise DomainError(_("This authorisation ran out on %(date)s; record a new one.")
                          % {"date": auth.valid_until.isoformat()},
                          code=ServiceErrorCode.AUTHORISATION_EXPIRED, field="authorisation")
    if auth.item_id is not None and auth.item_id != item.pk:
        raise DomainError(_("This authorisation is for another service."),
                          code=ServiceErrorCode.AUTHORISATION_MISMATCH, field="authorisation")


@transaction.atomic
def request_submit(*, actor, item: CatalogueItem, resident: Resident, channel: str,
                   note: str = "", home_service: bool = False,
                   authorisation: Authorisation | None = None) -> ServiceRequest:
    """Ask for a service. A resident asks for themselves on the portal; staff and grid
    workers ask for a resident of their area (at the counter, on a visit), on the
    resident's behalf (代办) when an authorisation is given. Refused: a retired item, an
    item not offered where the resident lives, an authorisation that does not cover it,
    home service for someone not in the home-service groups."""
    own = own_resident_id(actor) == resident.pk
    if own:
        if not request_policy.holds(actor, Action.SELF_SERVICE):
            raise NotFound()
        channel = RequestChannel.PORTAL
    else:
        request_policy.require(actor, Action.HANDLE_REQUESTS, resident.path)
        if channel not in (RequestChannel.COUNTER, RequestChannel.VISIT):
            raise DomainError(_("Choose where the request was taken in."),
                              code=ErrorCode.REQUIRED, field="channel")
    if not resident.is_active:
        raise DomainError(_("This resident is no longer registered."),
                          code=ServiceErrorCode.NOT_RESIDENT, field="resident")
    item = CatalogueItem.objects.get(pk=item.pk)
    if item.retired_at is not None:
        raise Conflict(_("“%(name)s” is no longer offered; choose another service.")
                       % {"name": item.name}, code=ServiceErrorCode.ITEM_RETIRED, field="item")
    if not is_offered_at(item, resident.path):
        raise DomainError(_("“%(name)s” is not offered where the resident lives.")
                          % {"name": item.name}, code=ServiceErrorCode.ITEM_NOT_OFFERED,
                          field="item")
    if authorisation is not None:
        if own:
            raise DomainError(_("A resident asking for themselves needs no authorisation."),
                              field="authorisation")
        authorisation = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
        check_authorisation(authorisation, resident=resident, item=item)
    if home_service and not needs_home_service(resident):
        raise DomainError(_("Home service is for elderly people living alone and disabled "
                            "residents."), field="home_service")
    note = clean_text(note, field="note", model=ServiceRequest)
    req = ServiceRequest.objects.create(
        item=item, resident=resident, channel=channel, note=note,
        home_service=bool(home_service), authorisation=authorisation, holder=item.counter,
        created_by=actor if getattr(actor, "pk", None) else None, path=resident.path)
    _event(req, kind="submit", actor=actor, to_state=S.SUBMITTED, holder=item.counter,
           note=note)
    audit.record(actor=actor, action="request_submit", entity="service_request",
                 entity_id=req.pk, summary=f"#{req.pk} {item.name}",
                 after={"item": item.code, "channel": channel, "resident": resident.pk,
                        "authorisation": authorisation.pk if authorisation else None,
                        "home_service": req.home_service})
    _tell_resident(req, _("Your request for “%(name)s” is received.") % {"name": item.name},
                   actor=actor)
    return req


def _step(*, actor, req: ServiceRequest, action: str, sources, target: str, kind: str,
          version: int | None, changes: dict, note: str = "", holder: str = "") -> ServiceRequest:
    """Move the request from one of ``sources`` to ``target`` with a guarded UPDATE."""
    request_policy.require(actor, action, req)
    expected = req.version if version is None else int(version)
    done = (ServiceRequest.objects.filter(pk=req.pk, state__in=sources, version=expected)
            .update(state=target, version=F("version") + 1, **changes))
    if not done:
        current = ServiceRequest.objects.filter(pk=req.pk).values_list("state", "version").first()
        if current and current[1] != expected:
            raise Conflict(_("Someone changed this request meanwhile; reload it."),
                           code=ServiceErrorCode.STALE, field="version")
        raise Conflict(_("A request that is %(state)s cannot be changed this way.")
                       % {"state": S(current[0]).label if current else "?"},
                       code=ServiceErrorCode.INVALID_TRANSITION, field="state")
    before = req.state
    req.refresh_from_db()
    _event(req, kind=kind, actor=actor, to_state=target, holder=holder or req.holder, note=note)
    audit.record(actor=actor, action=f"request_{kind}", entity="service_request",
                 entity_id=req.pk, summary=f"#{req.pk} {req.item.name}", reason=note,
                 before={"state": before}, after={"state": target,
                                                  **({"holder": holder} if holder else {})})
    return req


@transaction.atomic
def request_accept(*, actor, service_request: ServiceRequest, version: int | None = None
                   ) -> ServiceRequest:
    """Staff accept: the materials are complete and the legal time limit starts — due at
    the end of the item's N-th working day on the district's calendar."""
    now = timezone.now()
    req = _step(actor=actor, req=service_request, action=Action.HANDLE_REQUESTS, sources=[S.SUBMITTED],
                target=S.ACCEPTED, kind="accept", version=version,
                changes={"accepted_at": now, "handled_by": actor if getattr(actor, "pk", None)
                         else None,
                         "due_at": workdays.due_at(now, service_request.item.time_limit_days)})
    _tell_resident(req, _("Your request for “%(name)s” is accepted, due %(date)s.")
                   % {"name": req.item.name, "date": timezone.localdate(req.due_at)},
                   actor=actor)
    return req


@transaction.atomic
def request_hand_off(*, actor, service_request: ServiceRequest, to: str, note: str = "",
                     version: int | None = None) -> ServiceRequest:
    """Hand the request to another counter or the owning department (the trail keeps
    every holder); the deadline does not move."""
    to = clean_text(to, field="to", limit=60, required=True, single_line=True,
                    required_message=_("Say who takes it over."))
    note = clean_text(note, field="note", limit=500)
    req = _step(actor=actor, req=service_request, action=Action.HANDLE_REQUESTS,
                sources=[S.ACCEPTED, S.HANDED_OFF], target=S.HANDED_OFF, kind="hand_off",
                version=version, changes={"holder": to}, note=note, holder=to)
    _tell_resident(req, _("Your request for “%(name)s” is now with %(to)s.")
                   % {"name": req.item.name, "to": to}, actor=actor)
    return req


@transaction.atomic
def request_complete(*, actor, service_request: ServiceRequest, note: str = "",
                     version: int | None = None) -> ServiceRequest:
    """Done: the resident is told and asked to rate the service."""
    note = clean_text(note, field="note", limit=500)
    req = _step(actor=actor, req=service_request, action=Action.HANDLE_REQUESTS,
                sources=[S.ACCEPTED, S.HANDED_OFF], target=S.COMPLETED, kind="complete",
                version=version, changes={"closed_at": timezone.now()}, note=note)
    _tell_resident(req, _("“%(name)s” is done. How satisfied are you?")
                   % {"name": req.item.name}, note, actor=actor)
    return req


@transaction.atomic
def request_refuse(*, actor, service_request: ServiceRequest, reason: str,
                   version: int | None = None) -> ServiceRequest:
    """Refuse with a reason the resident reads (materials missing, not eligible…)."""
    reason = clean_text(reason, field="reason", limit=500, required=True,
                        required_message=_("Give the reason."))
    req = _step(actor=actor, req=service_request, action=Action.HANDLE_REQUESTS,
                sources=list(HANDLED_OPEN), target=S.REFUSED, kind="refuse", version=version,
                changes={"closed_at": timezone.now()}, note=reason)
    _tell_resident(req, _("Your request for “%(name)s” was refused.")
                   % {"name": req.item.name}, reason, actor=actor)
    return req


HANDLED_OPEN = (S.SUBMITTED, S.ACCEPTED, S.HANDED_OFF)


@transaction.atomic
def request_withdraw(*, actor, service_request: ServiceRequest, version: int | None = None
                     ) -> ServiceRequest:
    """The resident (or staff for them) withdraws a request not yet with a department."""
    mine = own_resident_id(actor) == service_request.resident_id
    action = Action.SELF_SERVICE if mine else Action.HANDLE_REQUESTS
    return _step(actor=actor, req=service_request, action=action, sources=[S.SUBMITTED, S.ACCEPTED],
                 target=S.WITHDRAWN, kind="withdraw", version=version,
                 changes={"closed_at": timezone.now()})


@transaction.atomic
def request_rate(*, actor, service_request: ServiceRequest, rating, comment: str = ""
                 ) -> ServiceRequest:
    """One satisfaction rating (1–5) per completed request: the resident's own, or staff
    writing down what the resident told them on a visit."""
    mine = own_resident_id(actor) == service_request.resident_id
    request_policy.require(actor, Action.SELF_SERVICE if mine else Action.HANDLE_REQUESTS,
                           service_request)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise DomainError(_("Rate from 1 to 5."), code=ServiceErrorCode.BAD_RATING,
                          field="rating")
    comment = clean_text(comment, field="comment", model=ServiceRequest,
                         model_field="rating_comment")
    request = service_request
    if request.state != S.COMPLETED:
        raise Conflict(_("Only a completed request is rated."),
                       code=ServiceErrorCode.NOT_COMPLETED, field="rating")
    done = ServiceRequest.objects.filter(pk=request.pk, state=S.COMPLETED,
                                         rated_at__isnull=True).update(
        rating=rating, rating_comment=comment, rated_at=timezone.now())
    if not done:
        raise Conflict(_("This request is already rated."),
                       code=ServiceErrorCode.ALREADY_RATED, field="rating")
    request.refresh_from_db()
    _event(request, kind="rate", actor=actor, note=f"{rating}/5 {comment}".strip())
    audit.record(actor=actor, action="request_rate", entity="service_request",
                 entity_id=request.pk, summary=f"#{request.pk} {rating}/5",
                 after={"rating": rating})
    return request


__all__ = ["HOME_SERVICE_TAGS", "check_authorisation", "request_accept", "request_complete",
           "request_hand_off", "request_rate", "request_refuse", "request_submit",
           "request_withdraw"]
