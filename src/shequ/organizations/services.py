"""Writes to units and party organisations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError, ErrorCode, Forbidden, from_validation_error
from shequ.core.freetext import clean_text
from shequ.core.validators import parse_credit_code
from shequ.territory.models import Area

from .models import ALLOWED_PARENT, PartyOrg, Unit, UnitKind


def _require_manage(actor, area: Area, action: str = "edit_party") -> None:
    if actor is not None and not actor.scope_for(action).covers_path(area.path):
        raise Forbidden()


@transaction.atomic
def unit_create(*, actor, name: str, credit_code: str, kind: str, area: Area, address: str = "") -> Unit:
    """Register a unit; the credit code's check character must be right and unique."""
    _require_manage(actor, area)
    name = clean_text(name, model=Unit, field="name", required=True, single_line=True)
    address = clean_text(address, model=Unit, field="address", single_line=True)
    if kind not in UnitKind.values:
        raise DomainError(_("Unknown unit type."), field="kind")
    try:
        code = parse_credit_code(credit_code)
    except ValidationError as exc:
        raise from_validation_error(exc, field="credit_code") from exc
    if Unit.objects.filter(credit_code=code).exists():
        raise DomainError(_("A unit with this credit code exists."), code=ErrorCode.DUPLICATE, field="credit_code")
    unit = Unit.objects.create(name=name, credit_code=code, kind=kind, area=area,
                               address=address, path=area.path)
    audit.record(actor=actor, action="create", entity="unit", entity_id=unit.pk, summary=name,
                 after={"name": name, "credit_code": code, "kind": kind, "area": area.path})
    return unit


@transaction.atomic
def party_org_create(
    *, actor, kind: str, name: str, area: Area, parent: PartyOrg | None = None,
    unit: Unit | None = None, is_fallback: bool = False,
) -> PartyOrg:
    """Create a party organisation in the chain the method prescribes."""
    _require_manage(actor, area)
    parent_kind = parent.kind if parent else None
    if parent_kind not in ALLOWED_PARENT.get(kind, set()):
        raise DomainError(_("This organisation cannot be placed under that parent."), field="parent")
    if parent is not None and not area.path.startswith(parent.path):
        raise DomainError(_("The organisation's area is outside its parent's area."), field="area")
    name = clean_text(name, model=PartyOrg, field="name", required=True, single_line=True)
    org = PartyOrg.objects.create(kind=kind, name=name, parent=parent, area=area,
                                  unit=unit, is_fallback=is_fallback, path=area.path)
    audit.record(actor=actor, action="create", entity="party_org", entity_id=org.pk, summary=name,
                 after={"kind": kind, "name": name, "area": area.path})
    return org
