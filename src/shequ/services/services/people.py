"""Writes about the people served: 代办 authorisations (who authorised the community to act,
for what, until when) and household visits that produced no case (入户走访), which count
in the grid worker's month like a visit that filed one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text
from shequ.registry.models import Resident
from shequ.territory.models import Household

from ..errors import ServiceErrorCode
from ..models import Authorisation, CatalogueItem, Visit
from ..policies import Action, authorisation_policy, visit_policy
from .opinions import opinion_record

MAX_AUTHORISATION_DAYS = 366


@transaction.atomic
def authorisation_record(*, actor, resident: Resident, granted_by: str, purpose: str,
                         valid_until: dt.date | None, item: CatalogueItem | None = None
                         ) -> Authorisation:
    """Record that ``granted_by`` (the resident, or a relative who signed for them) lets
    the community handle ``purpose`` — one item, or any when ``item`` is empty — until
    ``valid_until`` (at most a year ahead; a date already past is refused)."""
    authorisation_policy.require(actor, Action.HANDLE_REQUESTS, resident.path)
    granted_by = clean_text(granted_by, field="granted_by", model=Authorisation,
                            required=True, single_line=True,
                            required_message=_("Say who authorised it."))
    purpose = clean_text(purpose, field="purpose", model=Authorisation, required=True,
                         required_message=_("Say what it is for."))
    today = timezone.localdate()
    if valid_until is None:
        raise DomainError(_("Say until when it holds."), code=ErrorCode.REQUIRED,
                          field="valid_until")
    if valid_until < today:
        raise DomainError(_("That date is past: an authorisation must still hold."),
                          code=ServiceErrorCode.AUTHORISATION_EXPIRED, field="valid_until")
    if valid_until > today + dt.timedelta(days=MAX_AUTHORISATION_DAYS):
        raise DomainError(_("An authorisation holds for a year at most."), field="valid_until")
    auth = Authorisation.objects.create(
        resident=resident, granted_by=granted_by, purpose=purpose, item=item,
        valid_until=valid_until, path=resident.path,
        recorded_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="authorisation_record", entity="service_authorisation",
                 entity_id=auth.pk, summary=purpose[:100],
                 after={"resident": resident.pk, "granted_by": granted_by,
                        "valid_until": valid_until.isoformat(),
                        "item": item.code if item else None})
    return auth


@transaction.atomic
def authorisation_revoke(*, actor, authorisation: Authorisation, reason: str = ""
                         ) -> Authorisation:
    """The resident takes the authorisation back; requests already made keep it."""
    authorisation_policy.require(actor, Action.HANDLE_REQUESTS, authorisation)
    done = Authorisation.objects.filter(pk=authorisation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if not done:
        raise Conflict(_("This authorisation was revoked already."),
                       code=ServiceErrorCode.AUTHORISATION_REVOKED, field="authorisation")
    authorisation.refresh_from_db()
    audit.record(actor=actor, action="authorisation_revoke", entity="service_authorisation",
                 entity_id=authorisation.pk, summary=authorisation.purpose[:100],
                 reason=clean_text(reason, field="reason", limit=200))
    return authorisation


@transaction.atomic
def visit_log(*, actor, household: Household, resident: Resident | None = None,
              note: str = "", at: dt.datetime | None = None, theme: str = "",
              opinion: str = "") -> Visit:
    """A household visit that produced no case. The visitor is the actor, at their grid's
    household; the resident met, if named, lives there. An opinion heard on the visit
    (民情代述: the worker writes it down for the resident) is recorded with it."""
    visit_policy.require(actor, Action.HANDLE_REQUESTS, household.path)
    if resident is not None and resident.household_id != household.pk:
        raise DomainError(_("This resident does not live in that household."),
                          field="resident")
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise DomainError(_("A visit cannot be in the future."), field="at")
    if not getattr(actor, "pk", None):
        raise DomainError(_("A visit is logged by the person who made it."), field="worker")
    visit = Visit.objects.create(household=household, resident=resident, worker=actor, at=at,
                                 note=clean_text(note, field="note", model=Visit),
                                 path=household.path)
    audit.record(actor=actor, action="visit_log", entity="household_visit", entity_id=visit.pk,
                 summary=str(household)[:100],
                 after={"household": household.pk,
                        "resident": resident.pk if resident else None})
    if (opinion or "").strip() or theme:
        opinion_record(actor=actor, visit=visit, theme=theme, text=opinion, resident=resident)
    return visit


def visits_counted(worker, community_path: str, start, end) -> int:
    """The worker's logged visits in the community between ``start`` and ``end`` — the
    ledgers' monthly evaluation adds them to the visits that filed a case."""
    return Visit.objects.filter(worker=worker, at__gte=start, at__lt=end,
                                path__gte=community_path,
                                path__lt=community_path + "~").count()
