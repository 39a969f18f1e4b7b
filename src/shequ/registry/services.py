"""Registry writes: residents and party memberships. Every write is scope-checked,
atomic and audited with masked values only."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.core import audit, manifest
from shequ.core.errors import DomainError, ErrorCode, from_validation_error
from shequ.core.freetext import clean_text, limit_of, too_long
from shequ.core.reveal import reveal
from shequ.core.scoping import require_at
from shequ.core.textsearch import name_keys
from shequ.organizations.models import PartyOrg, Unit
from shequ.registry.errors import RegistryErrorCode
from shequ.territory.models import Household

from . import pii
from .models import (
    Gender,
    MembershipStatus,
    PartyMember,
    PoliticalStatus,
    Relation,
    RelationLocation,
    ResidenceType,
    Resident,
    Tag,
)
from .selectors import household_default_relation

NAME_MAX = limit_of(Resident, "name")
ETHNICITY_MAX = limit_of(Resident, "ethnicity")
NOTE_MAX = limit_of(Resident, "note")
REVEAL_FIELDS = {"id_number", "phone"}


def _require(actor, action: str, path: str) -> None:
    require_at(actor, action, path, view_action="view_people")


def clean_name(raw: str) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise DomainError(pgettext("person", "Name is required."), code=ErrorCode.REQUIRED,
                          field="name")
    if len(name) > NAME_MAX:
        raise too_long("name", NAME_MAX)
    return name


def _ethnicity(value: str | None) -> str:
    return clean_text(value, model=Resident, field="ethnicity", single_line=True) or "汉族"


def _note(value: str | None) -> str:
    return clean_text(value, model=Resident, field="note")


def _choice(value: str, choices, field: str) -> str:
    if value not in choices.values:
        raise DomainError(_("Unknown value: %(v)s") % {"v": value}, field=field)
    return value


def name_fields(name: str) -> dict:
    simple, pinyin, initials = name_keys(name)
    return {
        "name": name,
        "name_simplified": simple[:40],
        "name_pinyin": pinyin[:120],
        "name_initials": initials[:40],
    }


def snapshot(r: Resident) -> dict:
    """Audit view of a resident: masked personal data only, and the birth year (pii.py)."""
    return {
        "name": r.name,
        "gender": r.gender,
        "birth_year": r.birth_date.year,  # not the date: it would complete the mask
        "id_number": r.id_number_masked,
        "phone": r.phone_masked,
        "household": r.household_id,
        "relation": r.relation,
        "ethnicity": r.ethnicity,
        "political_status": r.political_status,
        "residence_type": r.residence_type,
        "note": r.note,
        "is_active": r.is_active,
    }


def _id_cols(id_number: str, gender: str | None, birth_date: dt.date | None) -> pii.IdColumns:
    try:
        cols = pii.id_columns(id_number)
    except ValidationError as exc:
        raise from_validation_error(exc, field="id_number") from exc
    if gender and gender != cols.parsed.gender:
        raise DomainError(
            _("The gender does not match the ID number."), code=RegistryErrorCode.ID_GENDER_MISMATCH, field="gender"
        )
    if birth_date and birth_date != cols.parsed.birth_date:
        raise DomainError(
            _("The birth date does not match the ID number (%(d)s).")
            % {"d": cols.parsed.birth_date.isoformat()},
            code=RegistryErrorCode.ID_BIRTH_MISMATCH,
            field="birth_date",
        )
    return cols


def household_has_head(*, head_name: str) -> DomainError:
    """The refusal every door gives for a second head (户主) in one household."""
    return DomainError(
        _("This household already has a head (%(name)s). Choose another relation, or first "
          "change %(name)s's relation.") % {"name": head_name},
        code=RegistryErrorCode.HOUSEHOLD_HAS_HEAD, field="relation")


def _other_head(household_id: int, resident_pk: int | None = None) -> Resident | None:
    return (Resident.objects.filter(household_id=household_id, relation=Relation.HEAD,
                                    is_active=True).exclude(pk=resident_pk).first())


def _require_one_head(household_id: int, relation: str, resident_pk: int | None = None) -> None:
    """A household has one active head: refuse to make a second one."""
    if relation == Relation.HEAD:
        other = _other_head(household_id, resident_pk)
        if other is not None:
            raise household_has_head(head_name=other.name)


def _save_or_explain(resident: Resident) -> None:
    """Save; a concurrent write that broke a constraint (the ID number registered, or a head
    added meanwhile) comes back as the same refusal the checks give."""
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError as exc:
        _require_one_head(resident.household_id, resident.relation, resident.pk)
        raise DomainError(
            _("A resident with this ID number is already registered."),
            code=ErrorCode.DUPLICATE, field="id_number",
        ) from exc


def _phone_cols(phone: str | None) -> pii.PhoneColumns:
    try:
        return pii.phone_columns(phone)
    except ValidationError as exc:
        raise from_validation_error(exc, field="phone") from exc


@transaction.atomic
def resident_create(
    *,
    actor,
    household: Household,
    name: str,
    id_number: str,
    relation: str | None = None,
    phone: str | None = None,
    gender: str | None = None,
    birth_date: dt.date | None = None,
    ethnicity: str = "汉族",
    political_status: str = PoliticalStatus.MASSES,
    residence_type: str = ResidenceType.REGISTERED,
    tags: list[Tag] | None = None,
    note: str = "",
) -> Resident:
    """Register a resident in a household inside the actor's scope. The ID number must be
    valid and not yet registered; gender and birth date, if given, must match it. A household
    has one head: without a relation the member gets the household's next likely one
    (selectors.household_default_relation), and a second head is refused."""
    _require(actor, "edit_people", household.path)
    if relation is None:
        relation = household_default_relation(household)
    fields = name_fields(clean_name(name))
    cols = _id_cols(id_number, gender, birth_date)
    if Resident.objects.filter(id_number_hash=cols.hash).exists():
        raise DomainError(
            _("A resident with this ID number is already registered."),
            code=ErrorCode.DUPLICATE, field="id_number",
        )
    _require_one_head(household.pk, _choice(relation, Relation, "relation"))
    resident = Resident(
        household=household,
        relation=relation,
        gender=cols.parsed.gender,
        birth_date=cols.parsed.birth_date,
        ethnicity=_ethnicity(ethnicity),
        political_status=_choice(political_status, PoliticalStatus, "political_status"),
        residence_type=_choice(residence_type, ResidenceType, "residence_type"),
        note=_note(note),
        path=household.path,
        **fields,
        **cols.as_fields(),
        **_phone_cols(phone).as_fields(),
    )
    _save_or_explain(resident)
    if tags:
        resident.tags.set(tags)
    audit.record(actor=actor, action="create", entity="resident", entity_id=resident.pk,
                 summary=resident.name, after=snapshot(resident))
    return resident


_HOME = "household__entrance__building"


def _follow_resident(resident: Resident) -> None:
    """Every row that copies its scoping path from a resident takes the new one: the same
    followers a building move updates (each app's manifest ``path_followers``), reached
    through the resident instead of the building — party membership, volunteer rows, 双报到
    registrations, votes, enrolments… Then the manifests' move hooks (for what a path copy
    cannot express, e.g. a volunteer's home position used by matching)."""
    for follower in manifest.path_followers():
        lookup = follower.building_lookup
        if lookup.endswith("__" + _HOME):
            via = lookup[: -len(_HOME) - 2]
            follower.model.objects.filter(**{via: resident}).update(
                path=resident.path)
    for hook in manifest.move_hooks():
        hook(resident=resident)


_UPDATABLE = {"name", "phone", "household", "relation", "ethnicity", "political_status",
              "residence_type", "note", "tags"}


@transaction.atomic
def resident_update(*, actor, resident: Resident, **changes) -> Resident:
    """Change a resident's details; the ID number itself never changes (it is the key).
    Moving to a household outside the actor's scope is refused, and so is making a second
    active head in a household."""
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise DomainError(_("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))},
                          field=sorted(unknown)[0])
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    _require(actor, "edit_people", resident.path)
    before = snapshot(resident)
    before_phone_hash = resident.phone_hash
    before_tags = sorted(resident.tags.values_list("code", flat=True))
    if "name" in changes:
        for k, v in name_fields(clean_name(changes["name"])).items():
            setattr(resident, k, v)
    if "phone" in changes:
        for k, v in _phone_cols(changes["phone"]).as_fields().items():
            setattr(resident, k, v)
    if "household" in changes:
        household = changes["household"]
        _require(actor, "edit_people", household.path)
        resident.household = household
        resident.path = household.path
    for key, choices in (("relation", Relation), ("political_status", PoliticalStatus),
                         ("residence_type", ResidenceType)):
        if key in changes:
            setattr(resident, key, _choice(changes[key], choices, key))
    if "ethnicity" in changes:
        resident.ethnicity = _ethnicity(changes["ethnicity"])
    if "note" in changes:
        resident.note = _note(changes["note"])
    if resident.is_active and ({"relation", "household"} & set(changes)):
        _require_one_head(resident.household_id, resident.relation, resident.pk)
    _save_or_explain(resident)
    if "household" in changes:
        _follow_resident(resident)
    after = snapshot(resident)
    if "tags" in changes:
        resident.tags.set(changes["tags"])
        before["tags"] = before_tags
        after["tags"] = sorted(t.code for t in changes["tags"])
    b, a = audit.diff(before, after)
    if resident.phone_hash != before_phone_hash and "phone" not in a:
        # Two numbers can share a mask; the trail must still show that the phone changed.
        b["phone"], a["phone"] = before["phone"], after["phone"] + " (changed)"
    if a:
        audit.record(actor=actor, action="update", entity="resident", entity_id=resident.pk,
                     summary=resident.name, before=b, after=a)
    return resident


@transaction.atomic
def resident_deactivate(*, actor, resident: Resident, reason: str) -> Resident:
    """Residents are never deleted: moving away or death marks them inactive, with reason."""
    _require(actor, "edit_people", resident.path)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("A reason is required."), code=ErrorCode.REQUIRED, field="reason")
    Resident.objects.filter(pk=resident.pk).update(is_active=False)
    resident.is_active = False
    audit.record(actor=actor, action="deactivate", entity="resident", entity_id=resident.pk,
                 summary=resident.name, before={"is_active": True}, after={"is_active": False},
                 reason=reason)
    return resident


def resident_reveal(*, actor, resident: Resident, field: str, reason: str) -> str:
    """Return one personal-data value in clear to a permitted actor, and log who, when,
    what and why. The log row is written before the value is returned."""
    if field not in REVEAL_FIELDS:
        raise DomainError(_("Unknown field."), field="field")
    _require(actor, "reveal_pii", resident.path)
    blob = resident.id_number_enc if field == "id_number" else resident.phone_enc
    return reveal(actor=actor, blob=blob, field=field, entity="resident", entity_id=resident.pk,
                  summary=f"{resident.name} {field}", reason=reason)


@transaction.atomic
def party_member_create(
    *,
    actor,
    resident: Resident,
    org: PartyOrg,
    joined_on: dt.date,
    status: str = MembershipStatus.FULL,
    relation_location: str = RelationLocation.LOCAL,
    unit: Unit | None = None,
) -> PartyMember:
    """Record a resident's party membership (one per person)."""
    _require(actor, "edit_party", resident.path)
    if joined_on > dt.date.today():
        raise DomainError(_("The join date is in the future."), field="joined_on")
    if joined_on < resident.birth_date + dt.timedelta(days=18 * 365):
        raise DomainError(_("A member joins at 18 or older."), field="joined_on")
    if PartyMember.objects.filter(resident=resident).exists():
        raise DomainError(_("This resident already has a membership."), code=ErrorCode.DUPLICATE,
                          field="resident")
    member = PartyMember.objects.create(
        resident=resident, org=org, unit=unit, joined_on=joined_on,
        status=_choice(status, MembershipStatus, "status"),
        relation_location=_choice(relation_location, RelationLocation, "relation_location"),
        path=resident.path,
    )
    political = (PoliticalStatus.CPC_MEMBER if status == MembershipStatus.FULL
                 else PoliticalStatus.CPC_PROBATIONARY)
    Resident.objects.filter(pk=resident.pk).update(political_status=political)
    audit.record(actor=actor, action="create", entity="party_member", entity_id=member.pk,
                 summary=resident.name,
                 after={"org": org.name, "status": status, "joined_on": joined_on,
                        "relation_location": relation_location})
    return member


def gender_label(code: str) -> str:
    return Gender(code).label
