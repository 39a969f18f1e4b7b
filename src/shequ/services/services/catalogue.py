"""Writes for the service catalogue (一站式承接下沉服务): items the community counters take
in on a department's behalf, with their materials, legal time limit and fees; retiring an
item closes it to new requests and leaves the requests already made as they are."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text

from ..errors import ServiceErrorCode
from ..models import CatalogueItem, Channel, Payer
from ..policies import Action, item_policy

MAX_TIME_LIMIT = 120  # working days; the longest statutory limit in the district's list


def _fields(*, code, name, department, materials, time_limit_days, fee, payer, channel,
            counter, home_service) -> dict:
    try:
        fee = Decimal(str(fee if fee not in (None, "") else 0))
    except InvalidOperation:
        raise DomainError(_("Enter the fee in yuan."), field="fee") from None
    if fee < 0 or fee >= Decimal("1000000"):
        raise DomainError(_("Enter the fee in yuan."), field="fee")
    if payer not in Payer.values:
        raise DomainError(_("Choose who pays."), code=ErrorCode.REQUIRED, field="payer")
    if payer == Payer.FREE and fee:
        raise DomainError(_("A free service has no fee; choose who pays it."), field="payer")
    if payer != Payer.FREE and not fee:
        raise DomainError(_("Enter the fee, or make the service free of charge."), field="fee")
    if channel not in Channel.values:
        raise DomainError(_("Choose online or at the counter."), code=ErrorCode.REQUIRED,
                          field="channel")
    try:
        days = int(time_limit_days)
    except (TypeError, ValueError):
        raise DomainError(_("Enter the time limit in working days."), code=ErrorCode.REQUIRED,
                          field="time_limit_days") from None
    if not 0 <= days <= MAX_TIME_LIMIT:
        raise DomainError(_("The time limit is 0 to %(n)d working days.") % {"n": MAX_TIME_LIMIT},
                          field="time_limit_days")
    return {
        "code": clean_text(code, field="code", model=CatalogueItem, required=True,
                           single_line=True).lower(),
        "name": clean_text(name, field="name", model=CatalogueItem, required=True,
                           single_line=True),
        "department": clean_text(department, field="department", model=CatalogueItem,
                                 required=True, single_line=True),
        "materials": clean_text(materials, field="materials", model=CatalogueItem),
        "counter": clean_text(counter, field="counter", model=CatalogueItem, required=True,
                              single_line=True),
        "time_limit_days": days, "fee": fee, "payer": payer, "channel": channel,
        "home_service": bool(home_service),
    }


def _state(item: CatalogueItem) -> dict:
    return {"name": item.name, "department": item.department, "time_limit_days":
            item.time_limit_days, "fee": str(item.fee), "payer": item.payer,
            "channel": item.channel, "counter": item.counter, "home_service": item.home_service}


@transaction.atomic
def item_create(*, actor, area, code: str, name: str, department: str, time_limit_days,
                counter: str, materials: str = "", fee=0, payer: str = Payer.FREE,
                channel: str = Channel.BOTH, home_service: bool = False) -> CatalogueItem:
    """A service offered in ``area`` (a district's items are offered in every community
    under it). The code is unique in the whole catalogue."""
    item_policy.require(actor, Action.MANAGE_CATALOGUE, area)
    data = _fields(code=code, name=name, department=department, materials=materials,
                   time_limit_days=time_limit_days, fee=fee, payer=payer, channel=channel,
                   counter=counter, home_service=home_service)
    if CatalogueItem.objects.filter(code=data["code"]).exists():
        raise Conflict(_("Another service has this code."), code=ErrorCode.DUPLICATE,
                       field="code")
    try:
        with transaction.atomic():
            item = CatalogueItem.objects.create(area=area, path=area.path, **data)
    except IntegrityError:
        raise Conflict(_("Another service has this code."), code=ErrorCode.DUPLICATE,
                       field="code") from None
    audit.record(actor=actor, action="create", entity="service_item", entity_id=item.pk,
                 summary=item.name, after=_state(item))
    return item


@transaction.atomic
def item_update(*, actor, item: CatalogueItem, name: str, department: str, time_limit_days,
                counter: str, materials: str = "", fee=0, payer: str = Payer.FREE,
                channel: str = Channel.BOTH, home_service: bool = False) -> CatalogueItem:
    """Change an item (not its code). A new time limit applies to requests accepted
    from now on; deadlines already set stay."""
    item_policy.require(actor, Action.MANAGE_CATALOGUE, item)
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    before = _state(item)
    data = _fields(code=item.code, name=name, department=department, materials=materials,
                   time_limit_days=time_limit_days, fee=fee, payer=payer, channel=channel,
                   counter=counter, home_service=home_service)
    for key, value in data.items():
        setattr(item, key, value)
    item.save()
    audit.record(actor=actor, action="update", entity="service_item", entity_id=item.pk,
                 summary=item.name, before=before, after=_state(item))
    return item


@transaction.atomic
def item_retire(*, actor, item: CatalogueItem, reason: str = "") -> CatalogueItem:
    """Take an item off the catalogue: no new request may name it; open requests go on."""
    item_policy.require(actor, Action.MANAGE_CATALOGUE, item)
    reason = clean_text(reason, field="reason", limit=200)
    done = CatalogueItem.objects.filter(pk=item.pk, retired_at__isnull=True).update(
        retired_at=timezone.now())
    if not done:
        raise Conflict(_("This service is already retired."),
                       code=ServiceErrorCode.ITEM_RETIRED, field="item")
    item.refresh_from_db()
    audit.record(actor=actor, action="retire_item", entity="service_item", entity_id=item.pk,
                 summary=item.name, reason=reason)
    return item
