"""Writes for volunteers, the managed skill list, teams (service organisations) and
service projects."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, Forbidden
from shequ.core.freetext import REASON_MAX, clean_text, limit_of

from ..availability import ALL_WEEK_MASK
from ..errors import VolunteerError
from ..models import (
    OrgKind,
    OrgStatus,
    ServiceOrganisation,
    ServiceProject,
    Skill,
    Volunteer,
    VolunteerSkill,
)
from ..permissions import Action, is_self, require


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
    require(actor, Action.MANAGE_VOLUNTEERS, resident.path)


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
    from ..models import PointsAccount, Redemption
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
        raise Conflict(_("This code is already used."), code="duplicate", field="code")
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


@transaction.atomic
def organisation_create(*, actor, community, name: str, kind: str = OrgKind.VOLUNTEER_TEAM,
                        description: str = "") -> ServiceOrganisation:
    """Start incubating a volunteer team or social organisation in a community."""
    require(actor, Action.MANAGE_VOLUNTEERS, community.path)
    name, description = _org_texts(name, description)
    if kind not in OrgKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if ServiceOrganisation.objects.filter(community=community, name=name).exists():
        raise Conflict(_("This name is already used in the community."), code="duplicate",
                       field="name")
    org = ServiceOrganisation.objects.create(
        name=name, kind=kind, community=community, description=description,
        created_by=actor if getattr(actor, "pk", None) else None, path=community.path)
    audit.record(actor=actor, action="create", entity="service_org", entity_id=org.pk,
                 summary=name, after={"kind": kind})
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: ServiceOrganisation, name: str, kind: str,
                        description: str = "") -> ServiceOrganisation:
    """Change a team's name, type or description (unique name within the community)."""
    require(actor, Action.MANAGE_VOLUNTEERS, organisation.path)
    name, description = _org_texts(name, description)
    if kind not in OrgKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if ServiceOrganisation.objects.filter(community_id=organisation.community_id,
                                          name=name).exclude(pk=organisation.pk).exists():
        raise Conflict(_("This name is already used in the community."), code="duplicate",
                       field="name")
    before = {"name": organisation.name, "kind": organisation.kind,
              "description": organisation.description}
    organisation.name, organisation.kind = name, kind
    organisation.description = description
    organisation.save(update_fields=["name", "kind", "description"])
    b, a = audit.diff(before, {"name": organisation.name, "kind": organisation.kind,
                               "description": organisation.description})
    if a:
        audit.record(actor=actor, action="update", entity="service_org",
                     entity_id=organisation.pk, summary=organisation.name, before=b, after=a)
    return organisation


@transaction.atomic
def organisation_dissolve(*, actor, organisation: ServiceOrganisation,
                          reason: str) -> ServiceOrganisation:
    """A team stops (incubation failed, or a registered team disbands); it stays on record
    with its history, and its projects stop."""
    require(actor, Action.MANAGE_VOLUNTEERS, organisation.path)
    reason = clean_text(reason, field="reason", limit=REASON_MAX, required=True,
                        required_message=_("Give a reason."))
    done = ServiceOrganisation.objects.filter(pk=organisation.pk).exclude(
        status=OrgStatus.DISSOLVED).update(status=OrgStatus.DISSOLVED)
    if not done:
        raise Conflict(_("This organisation is already dissolved."),
                       code=VolunteerError.INVALID_TRANSITION)
    ServiceProject.objects.filter(organisation=organisation).update(is_active=False)
    organisation.refresh_from_db()
    audit.record(actor=actor, action="dissolve", entity="service_org",
                 entity_id=organisation.pk, summary=organisation.name, reason=reason)
    return organisation


@transaction.atomic
def organisation_set_members(*, actor, organisation: ServiceOrganisation,
                             members: list[Volunteer], leader: Volunteer | None) -> None:
    """Replace the members and leader; the leader must be a member, and members must be
    volunteers inside the organisation's community."""
    require(actor, Action.MANAGE_VOLUNTEERS, organisation.path)
    if organisation.status == OrgStatus.DISSOLVED:
        raise Conflict(_("This organisation is dissolved."),
                       code=VolunteerError.INVALID_TRANSITION)
    prefix = organisation.path + "."
    if any(not (v.path == organisation.path or v.path.startswith(prefix)) for v in members):
        raise DomainError(_("Members must live in the organisation's community."),
                          field="members")
    if leader is not None and leader.pk not in {v.pk for v in members}:
        raise DomainError(_("The leader must be a member."), field="leader")
    organisation.members.set(members)
    organisation.leader = leader
    organisation.save(update_fields=["leader"])
    audit.record(actor=actor, action="set_members", entity="service_org",
                 entity_id=organisation.pk, summary=organisation.name,
                 after={"members": [v.pk for v in members],
                        "leader": leader.pk if leader else None})


@transaction.atomic
def organisation_register(*, actor, organisation: ServiceOrganisation,
                          registered_on: dt.date) -> ServiceOrganisation:
    """Incubation done: the organisation is registered (needs a leader)."""
    require(actor, Action.MANAGE_VOLUNTEERS, organisation.path)
    if organisation.leader_id is None:
        raise DomainError(_("Name a leader first."), field="leader")
    done = ServiceOrganisation.objects.filter(
        pk=organisation.pk, status=OrgStatus.INCUBATING).update(
        status=OrgStatus.REGISTERED, registered_on=registered_on)
    if not done:
        raise Conflict(_("Only an incubating organisation can be registered."),
                       code=VolunteerError.INVALID_TRANSITION)
    organisation.refresh_from_db()
    audit.record(actor=actor, action="register", entity="service_org",
                 entity_id=organisation.pk, summary=organisation.name)
    return organisation


@transaction.atomic
def project_create(*, actor, community, name: str, description: str = "",
                   organisation: ServiceOrganisation | None = None,
                   skill: Skill | None = None) -> ServiceProject:
    """A service project groups recurring needs of a community."""
    require(actor, Action.MANAGE_VOLUNTEERS, community.path)
    name, description = _project_texts(name, description)
    _project_org_ok(organisation, community)
    project = ServiceProject.objects.create(
        name=name, description=description, community=community,
        organisation=organisation, skill=skill, path=community.path)
    audit.record(actor=actor, action="create", entity="service_project", entity_id=project.pk,
                 summary=name)
    return project


def _project_texts(name, description) -> tuple[str, str]:
    return (clean_text(name, field="name", limit=limit_of(ServiceProject, "name"),
                       required=True, required_message=_("Name is required.")),
            clean_text(description, field="description",
                       limit=limit_of(ServiceProject, "description")))


def _org_texts(name, description) -> tuple[str, str]:
    return (clean_text(name, field="name", limit=limit_of(ServiceOrganisation, "name"),
                       required=True, required_message=_("Name is required.")),
            clean_text(description, field="description",
                       limit=limit_of(ServiceOrganisation, "description")))


def _note(note) -> str:
    return clean_text(note, field="note", limit=limit_of(Volunteer, "note"))


def _project_org_ok(organisation: ServiceOrganisation | None, community) -> None:
    if organisation is None:
        return
    if organisation.community_id != community.pk:
        raise DomainError(_("Choose a team of the same community."), field="organisation")
    if organisation.status == OrgStatus.DISSOLVED:
        raise DomainError(_("This organisation is dissolved."), field="organisation")


def _project_state(p: ServiceProject) -> dict:
    return {"name": p.name, "description": p.description, "organisation": p.organisation_id,
            "skill": p.skill_id, "is_active": p.is_active}


@transaction.atomic
def project_update(*, actor, project: ServiceProject, name: str, description: str = "",
                   organisation: ServiceOrganisation | None = None,
                   skill: Skill | None = None, is_active: bool = True) -> ServiceProject:
    """Change a service project; the team running it must be of the same community."""
    require(actor, Action.MANAGE_VOLUNTEERS, project.path)
    name, description = _project_texts(name, description)
    _project_org_ok(organisation, project.community)
    before = _project_state(project)
    project.name, project.description = name, description
    project.organisation, project.skill = organisation, skill
    project.is_active = bool(is_active)
    project.save(update_fields=["name", "description", "organisation", "skill", "is_active"])
    b, a = audit.diff(before, _project_state(project))
    if a:
        audit.record(actor=actor, action="update", entity="service_project",
                     entity_id=project.pk, summary=project.name, before=b, after=a)
    return project
