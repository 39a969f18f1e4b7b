"""Writes for teams (service organisations: incubate, members and leader, register,
dissolve) and service projects."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import REASON_MAX, clean_text, limit_of

from ..errors import VolunteerError
from ..people.models import Skill, Volunteer
from ..policies import Action, organisation_policy, project_policy, user_or_none
from .models import OrgKind, OrgStatus, ServiceOrganisation, ServiceProject


@transaction.atomic
def organisation_create(*, actor, community, name: str, kind: str = OrgKind.VOLUNTEER_TEAM,
                        description: str = "") -> ServiceOrganisation:
    """Start incubating a volunteer team or social organisation in a community."""
    organisation_policy.require(actor, Action.MANAGE_VOLUNTEERS, community)
    name, description = _org_texts(name, description)
    if kind not in OrgKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if ServiceOrganisation.objects.filter(community=community, name=name).exists():
        raise Conflict(_("This name is already used in the community."), code=ErrorCode.DUPLICATE,
                       field="name")
    org = ServiceOrganisation.objects.create(
        name=name, kind=kind, community=community, description=description,
        created_by=user_or_none(actor), path=community.path)
    audit.record(actor=actor, action="create", entity="service_org", entity_id=org.pk,
                 summary=name, after={"kind": kind})
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: ServiceOrganisation, name: str, kind: str,
                        description: str = "") -> ServiceOrganisation:
    """Change a team's name, type or description (unique name within the community)."""
    organisation_policy.require(actor, Action.MANAGE_VOLUNTEERS, organisation)
    name, description = _org_texts(name, description)
    if kind not in OrgKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if ServiceOrganisation.objects.filter(community_id=organisation.community_id,
                                          name=name).exclude(pk=organisation.pk).exists():
        raise Conflict(_("This name is already used in the community."), code=ErrorCode.DUPLICATE,
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
    organisation_policy.require(actor, Action.MANAGE_VOLUNTEERS, organisation)
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
    organisation_policy.require(actor, Action.MANAGE_VOLUNTEERS, organisation)
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
    organisation_policy.require(actor, Action.MANAGE_VOLUNTEERS, organisation)
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
    project_policy.require(actor, Action.MANAGE_VOLUNTEERS, community)
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
    project_policy.require(actor, Action.MANAGE_VOLUNTEERS, project)
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
