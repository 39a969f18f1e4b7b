"""Writes for volunteers (registering, their skills and availability, following a move of
house) and the managed skill list."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden
from shequ.core.freetext import clean_text, limit_of

from ..errors import VolunteerError
from ..policies import Action, is_self, volunteer_policy
from .availability import ALL_WEEK_MASK
from .models import Skill, Volunteer, VolunteerSkill


def _home(resident):
    building = resident.household.entrance.building
    lat = float(building.lat) if building.lat is not None else None
    lng = float(building.lng) if building.lng is not None else None
    return building, lat, lng


def _skill_rows(skills: dict) -> list[tuple[Skill, int]]:
    """``{skill_id or Skill: level}`` → validated rows (active skills, level 1..3)."""
    ids = {int(getattr(k, "pk", k)): int(v) for k, v in (skills or {}).items()}
    found = {s.pk: s for s in Skill.objects.filter(pk__in=ids, is_active=True)}
    if len(found) != len(ids):
        raise DomainError(_("Choose skills from the list."), field="skills")
    if any(not 1 <= level <= 3 for level in ids.values()):
        raise DomainError(_("A skill level is 1, 2 or 3."), field="skills")
    return [(found[i], level) for i, level in ids.items()]


def _may_edit(actor, resident) -> None:
    if is_self(actor, resident):
        return
    volunteer_policy.require(actor, Action.MANAGE_VOLUNTEERS, resident.path)


@transaction.atomic
def volunteer_register(*, actor, resident, skills: dict | None = None,
                       availability: int = 0, note: str = "") -> Volunteer:
    """Register a resident as a volunteer (by themselves or by staff in scope). Skills come
    from the managed list with a level; availability is a weekday × band bit set."""
    _may_edit(actor, resident)
    if not resident.is_active:
        raise DomainError(_("This resident is no longer active."), field="resident")
    if not 0 <= int(availability) <= ALL_WEEK_MASK:
        raise DomainError(_("Enter a valid availability."), field="availability")
    rows = _skill_rows(skills or {})
    building, lat, lng = _home(resident)
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                resident=resident, availability=int(availability), building=building,
                lat=lat, lng=lng, note=_note(note), path=resident.path)
    except IntegrityError as exc:
        raise Conflict(_("This resident is already a volunteer."),
                       code=VolunteerError.ALREADY_VOLUNTEER, field="resident") from exc
    VolunteerSkill.objects.bulk_create(
        [VolunteerSkill(volunteer=volunteer, skill=s, level=lvl) for s, lvl in rows])
    audit.record(actor=actor, action="create", entity="volunteer", entity_id=volunteer.pk,
                 summary=resident.name,
                 after={"skills": {s.code: lvl for s, lvl in rows},
                        "availability": volunteer.availability})
    return volunteer


@transaction.atomic
def volunteer_update(*, actor, volunteer: Volunteer, skills: dict | None = None,
                     availability: int | None = None, is_active: bool | None = None,
                     note: str | None = None) -> Volunteer:
    """Change skills, availability or activity; the home location is refreshed too."""
    _may_edit(actor, volunteer.resident)
    before = {"availability": volunteer.availability, "is_active": volunteer.is_active}
    if availability is not None:
        if not 0 <= int(availability) <= ALL_WEEK_MASK:
            raise DomainError(_("Enter a valid availability."), field="availability")
        volunteer.availability = int(availability)
    if is_active is not None:
        volunteer.is_active = bool(is_active)
    if note is not None:
        volunteer.note = _note(note)
    volunteer.save()
    volunteer_follow_home(resident=volunteer.resident)
    volunteer.refresh_from_db(fields=["path", "building", "lat", "lng"])
    if skills is not None:
        rows = _skill_rows(skills)
        VolunteerSkill.objects.filter(volunteer=volunteer).delete()
        VolunteerSkill.objects.bulk_create(
            [VolunteerSkill(volunteer=volunteer, skill=s, level=lvl) for s, lvl in rows])
    audit.record(actor=actor, action="update", entity="volunteer", entity_id=volunteer.pk,
                 summary=str(volunteer), before=before,
                 after={"availability": volunteer.availability,
                        "is_active": volunteer.is_active})
    return volunteer


@transaction.atomic
def volunteer_follow_home(*, resident) -> int:
    """A resident moved house (a system step, no actor): their volunteer row takes the
    new home — scoping path, building and position used by matching — and their points
    account and redemptions the new path. Meant for the registry's resident-move hook;
    returns how many volunteer rows changed (0 or 1)."""
    from ..points.models import PointsAccount, Redemption
    building, lat, lng = _home(resident)
    changed = Volunteer.objects.filter(resident=resident).update(
        path=resident.path, building=building, lat=lat, lng=lng)
    PointsAccount.objects.filter(resident=resident).update(path=resident.path)
    Redemption.objects.filter(account__resident=resident).update(path=resident.path)
    return changed


@transaction.atomic
def skill_create(*, actor, code: str, name: str) -> Skill:
    """Add an entry to the managed skill list (district configuration)."""
    if actor is not None and not actor.can(Action.CONFIGURE):
        raise Forbidden()
    code = clean_text(code, field="code", limit=limit_of(Skill, "code"), required=True,
                      required_message=_("Code and name are required.")).lower()
    name = clean_text(name, field="name", limit=limit_of(Skill, "name"), required=True,
                      required_message=_("Code and name are required."))
    if Skill.objects.filter(code=code).exists():
        raise Conflict(_("This code is already used."), code=ErrorCode.DUPLICATE, field="code")
    skill = Skill.objects.create(code=code, name=name)
    audit.record(actor=actor, action="create", entity="skill", entity_id=skill.pk, summary=name)
    return skill


@transaction.atomic
def skill_update(*, actor, skill: Skill, name: str, is_active: bool) -> Skill:
    """Rename a skill or take it off (or back onto) the list. The code never changes:
    volunteers keep their level in a withdrawn skill, it is just no longer offered."""
    if actor is not None and not actor.can(Action.CONFIGURE):
        raise Forbidden()
    name = clean_text(name, field="name", limit=limit_of(Skill, "name"), required=True,
                      required_message=_("Name is required."))
    before = {"name": skill.name, "is_active": skill.is_active}
    skill.name, skill.is_active = name, bool(is_active)
    skill.save(update_fields=["name", "is_active"])
    b, a = audit.diff(before, {"name": skill.name, "is_active": skill.is_active})
    if a:
        audit.record(actor=actor, action="update", entity="skill", entity_id=skill.pk,
                     summary=skill.code, before=b, after=a)
    return skill


def _note(note) -> str:
    return clean_text(note, field="note", limit=limit_of(Volunteer, "note"))


