"""Writes to units and party organisations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, from_validation_error
from shequ.core.freetext import clean_text
from shequ.core.scoping import may
from shequ.core.validators import validate_credit_code
from shequ.territory.models import Area, AreaKind

from .follow import unit_orgs_follow
from .models import ALLOWED_PARENT, OrgKind, PartTimeMember, PartyOrg, Unit, UnitKind

EDIT = "edit_party"


def _require_manage(actor, area: Area, action: str = EDIT) -> None:
    if not may(actor, action, area.path):
        raise Forbidden()


def _credit_code(raw: str) -> str:
    try:
        return validate_credit_code(raw)
    except ValidationError as exc:
        raise from_validation_error(exc, field="credit_code") from exc


@transaction.atomic
def unit_create(*, actor, name: str, credit_code: str, kind: str, area: Area, address: str = "") -> Unit:
    """Register a unit; the credit code's check character must be right and unique."""
    _require_manage(actor, area)
    name = clean_text(name, model=Unit, field="name", required=True, single_line=True)
    address = clean_text(address, model=Unit, field="address", single_line=True)
    if kind not in UnitKind.values:
        raise DomainError(_("Unknown unit type."), field="kind")
    code = _credit_code(credit_code)
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
    _check_chain(kind, parent, area)
    if kind == OrgKind.UNIT_ORG and unit is None:
        raise DomainError(_("A unit's party organisation names its unit."), field="unit")
    if unit is not None and unit.closed_at is not None:
        raise DomainError(_("This unit is closed."), field="unit")
    name = clean_text(name, model=PartyOrg, field="name", required=True, single_line=True)
    org = PartyOrg.objects.create(kind=kind, name=name, parent=parent, area=area,
                                  unit=unit, is_fallback=is_fallback, path=area.path)
    audit.record(actor=actor, action="create", entity="party_org", entity_id=org.pk, summary=name,
                 after={"kind": kind, "name": name, "area": area.path})
    return org


def _check_chain(kind: str, parent: PartyOrg | None, area: Area) -> None:
    """DESIGN §3: 区委 → 街道党工委 → 社区党委 → 片区党总支 → 党支部 → 党小组; a unit's own
    organisation under a street or district committee. The area must lie in the parent's."""
    if kind not in OrgKind.values:
        raise DomainError(_("Unknown organisation type."), field="kind")
    parent_kind = parent.kind if parent else None
    if parent_kind not in ALLOWED_PARENT.get(kind, set()):
        raise DomainError(_("This organisation cannot be placed under that parent."), field="parent")
    if parent is not None and not (area.path == parent.path
                                   or area.path.startswith(parent.path + ".")):
        raise DomainError(_("The organisation's area is outside its parent's area."), field="area")
    if kind == OrgKind.COMMUNITY_COMMITTEE and area.kind != AreaKind.COMMUNITY:
        raise DomainError(_("A community party committee attaches to a community."), field="area")


def _org_state(org: PartyOrg) -> dict:
    return {"kind": org.kind, "name": org.name, "parent": org.parent_id, "area": org.path,
            "unit": org.unit_id, "is_fallback": org.is_fallback}


@transaction.atomic
def party_org_update(*, actor, org: PartyOrg, name: str | None = None, kind: str | None = None,
                     is_fallback: bool | None = None) -> PartyOrg:
    """Rename, re-type or (un)mark as fallback (区域兜底); a new type must still fit the
    parent above and the organisations below."""
    _require_manage(actor, org.area)
    before = _org_state(org)
    if name is not None:
        org.name = clean_text(name, model=PartyOrg, field="name", required=True,
                              single_line=True)
    if kind is not None and kind != org.kind:
        try:
            _check_chain(kind, org.parent, org.area)
        except DomainError as exc:
            raise DomainError(exc.message, field="kind") from None
        for child_kind in org.children.values_list("kind", flat=True).distinct():
            if kind not in ALLOWED_PARENT.get(child_kind, set()):
                raise DomainError(_("The organisations below do not fit under this type."),
                                  field="kind")
        org.kind = kind
    if is_fallback is not None:
        org.is_fallback = bool(is_fallback)
    org.save(update_fields=["name", "kind", "is_fallback"])
    b, a = audit.diff(before, _org_state(org))
    if a:
        audit.record(actor=actor, action="update", entity="party_org", entity_id=org.pk,
                     summary=org.name, before=b, after=a)
    return org


@transaction.atomic
def party_org_move(*, actor, org: PartyOrg, parent: PartyOrg | None,
                   area: Area | None = None) -> PartyOrg:
    """Put an organisation under another parent (and, optionally, another area); the kind
    chain and the area rule hold after the move. The actor manages both places."""
    area = area or org.area
    _require_manage(actor, org.area)
    _require_manage(actor, area)
    if parent is not None and _is_below(parent, org):
        raise DomainError(_("An organisation cannot be placed under itself."), field="parent")
    _check_chain(org.kind, parent, area)
    outside = [c for c in org.children.select_related("area")
               if not (c.area.path == area.path or c.area.path.startswith(area.path + "."))]
    if outside:
        raise DomainError(_("Organisations below would fall outside the new area."), field="area")
    before = _org_state(org)
    org.parent, org.area, org.path = parent, area, area.path
    org.save(update_fields=["parent", "area", "path"])
    b, a = audit.diff(before, _org_state(org))
    audit.record(actor=actor, action="move", entity="party_org", entity_id=org.pk,
                 summary=org.name, before=b, after=a)
    return org


def _is_below(candidate: PartyOrg, org: PartyOrg) -> bool:
    seen = candidate
    while seen is not None:
        if seen.pk == org.pk:
            return True
        seen = seen.parent
    return False


@transaction.atomic
def party_org_dissolve(*, actor, org: PartyOrg, reason: str = "") -> None:
    """Dissolve an organisation that no longer holds anything: no organisations below, no
    members, no part-time members; its 大党委 links go with it."""
    _require_manage(actor, org.area)
    reasons = []
    if org.children.exists():
        reasons.append(_("organisations below it"))
    if org.members.exists():
        reasons.append(_("members (move them first)"))
    if org.part_time_members.exists():
        reasons.append(_("part-time committee members"))
    if reasons:
        raise Conflict(_("This organisation still has %(what)s.") % {"what": "、".join(
            str(r) for r in reasons)}, field="org")
    snapshot, pk = _org_state(org), org.pk
    org.member_of.clear()
    org.member_orgs.clear()
    org.delete()
    audit.record(actor=actor, action="party_org_dissolve", entity="party_org", entity_id=pk,
                 summary=snapshot["name"], before=snapshot, reason=reason)


def _committee(committee: PartyOrg) -> None:
    if committee.kind != OrgKind.COMMUNITY_COMMITTEE:
        raise DomainError(_("Only a community party committee has 大党委 members."),
                          field="committee")


@transaction.atomic
def committee_member_add(*, actor, committee: PartyOrg, org: PartyOrg) -> PartyOrg:
    """Make a unit's party organisation a member of a community 大党委 (idempotent)."""
    _committee(committee)
    _require_manage(actor, committee.area)
    if org.kind != OrgKind.UNIT_ORG:
        raise DomainError(_("Only a unit's party organisation joins a 大党委."), field="org")
    if not org.member_of.filter(pk=committee.pk).exists():
        org.member_of.add(committee)
        audit.record(actor=actor, action="committee_member_add", entity="party_org",
                     entity_id=committee.pk, summary=f"{org} → {committee}",
                     after={"org": org.pk})
    return committee


@transaction.atomic
def committee_member_remove(*, actor, committee: PartyOrg, org: PartyOrg) -> PartyOrg:
    """Take a unit's organisation off a 大党委."""
    _committee(committee)
    _require_manage(actor, committee.area)
    if not org.member_of.filter(pk=committee.pk).exists():
        raise DomainError(_("This organisation is not a member of the committee."), field="org")
    org.member_of.remove(committee)
    audit.record(actor=actor, action="committee_member_remove", entity="party_org",
                 entity_id=committee.pk, summary=f"{org} → {committee}", before={"org": org.pk})
    return committee


@transaction.atomic
def part_time_member_add(*, actor, committee: PartyOrg, name: str, unit: Unit, post: str,
                         term_start: dt.date | None = None,
                         term_end: dt.date | None = None) -> PartTimeMember:
    """Seat a unit's representative on a community 大党委 (兼职委员) with post and term."""
    _committee(committee)
    _require_manage(actor, committee.area)
    name = clean_text(name, model=PartTimeMember, field="name", required=True, single_line=True)
    post = clean_text(post, model=PartTimeMember, field="post", required=True, single_line=True)
    if unit.closed_at is not None:
        raise DomainError(_("This unit is closed."), field="unit")
    if term_start and term_end and term_end < term_start:
        raise DomainError(_("The term ends before it starts."), field="term_end")
    if PartTimeMember.objects.filter(committee=committee, name=name, unit=unit).exists():
        raise DomainError(_("This person already sits on the committee for this unit."),
                          code=ErrorCode.DUPLICATE, field="name")
    member = PartTimeMember.objects.create(committee=committee, name=name, unit=unit, post=post,
                                           term_start=term_start, term_end=term_end,
                                           path=committee.path)
    audit.record(actor=actor, action="create", entity="part_time_member", entity_id=member.pk,
                 summary=f"{name} @ {committee}", after={"unit": unit.pk, "post": post,
                                                          "term_start": term_start,
                                                          "term_end": term_end})
    return member


@transaction.atomic
def part_time_member_remove(*, actor, member: PartTimeMember, reason: str = "") -> None:
    """Take a part-time member off their committee."""
    _require_manage(actor, member.committee.area)
    snapshot = {"name": member.name, "unit": member.unit_id, "post": member.post,
                "committee": member.committee_id}
    pk = member.pk
    member.delete()
    audit.record(actor=actor, action="part_time_member_remove", entity="part_time_member",
                 entity_id=pk,
                 summary=snapshot["name"], before=snapshot, reason=reason)


def _unit_state(unit: Unit) -> dict:
    return {"name": unit.name, "credit_code": unit.credit_code, "kind": unit.kind,
            "area": unit.path, "address": unit.address}


@transaction.atomic
def unit_update(*, actor, unit: Unit, name: str | None = None, credit_code: str | None = None,
                kind: str | None = None, area: Area | None = None,
                address: str | None = None) -> Unit:
    """Edit a unit; a new credit code passes GB 32100's check and stays unique; a new area
    must be one the actor manages too, and the unit's own party organisation follows it
    (``follow.unit_orgs_follow``: refused when its parent cannot be replaced there)."""
    _require_manage(actor, unit.area)
    if unit.closed_at is not None:
        raise DomainError(_("This unit is closed."), field="unit")
    before = _unit_state(unit)
    if name is not None:
        unit.name = clean_text(name, model=Unit, field="name", required=True, single_line=True)
    if address is not None:
        unit.address = clean_text(address, model=Unit, field="address", single_line=True)
    if kind is not None:
        if kind not in UnitKind.values:
            raise DomainError(_("Unknown unit type."), field="kind")
        unit.kind = kind
    if credit_code is not None:
        code = _credit_code(credit_code)
        if Unit.objects.filter(credit_code=code).exclude(pk=unit.pk).exists():
            raise DomainError(_("A unit with this credit code exists."), code=ErrorCode.DUPLICATE,
                              field="credit_code")
        unit.credit_code = code
    if area is not None and area.pk != unit.area_id:
        _require_manage(actor, area)
        old_area = unit.area
        unit.area, unit.path = area, area.path
        # The unit's own party organisation moves with it, or the move is refused.
        unit_orgs_follow(actor=actor, unit=unit, old_area=old_area, area=area)
    unit.save()
    b, a = audit.diff(before, _unit_state(unit))
    if a:
        audit.record(actor=actor, action="update", entity="unit", entity_id=unit.pk,
                     summary=unit.name, before=b, after=a)
    return unit


@transaction.atomic
def unit_close(*, actor, unit: Unit, reason: str = "") -> Unit:
    """Mark a unit closed (moved away, ceased); its history stays."""
    _require_manage(actor, unit.area)
    if unit.closed_at is not None:
        raise DomainError(_("This unit is already closed."), code=ErrorCode.CONFLICT, field="unit")
    unit.closed_at = timezone.now()
    unit.close_reason = clean_text(reason, model=Unit, field="close_reason", single_line=True)
    unit.save(update_fields=["closed_at", "close_reason"])
    audit.record(actor=actor, action="unit_close", entity="unit", entity_id=unit.pk,
                 summary=unit.name, reason=unit.close_reason)
    return unit
