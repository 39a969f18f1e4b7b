"""Scoped reads of teams (志愿服务队, 社会组织) and the service projects that group
recurring needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shequ.core.errors import NotFound

from ..needs.models import NeedState, ServiceNeed
from ..needs.selectors import _with_taken
from ..people.models import Volunteer
from ..people.selectors import VolunteerFilters, volunteer_list
from ..policies import Action
from ..records.models import RecordState
from .models import OrgStatus, ServiceOrganisation, ServiceProject


@dataclass
class OrgFilters:
    q: str = ""
    kind: str = ""
    status: str = ""
    area_path: str = ""


def organisation_list(*, actor, filters: OrgFilters | None = None
                      ) -> QuerySet[ServiceOrganisation]:
    """Teams in scope with their member count, and this year's verified hours and number
    of distinct pieces of work (needs, activities) their members served."""
    f = filters or OrgFilters()
    year = timezone.localdate().year
    tz = timezone.get_current_timezone()
    served = Q(members__records__state=RecordState.VERIFIED,
               members__records__check_in_at__gte=dt.datetime(year, 1, 1, tzinfo=tz))
    qs = ServiceOrganisation.objects.for_actor(actor, Action.VIEW_VOLUNTEERS)
    if f.q:
        qs = qs.filter(name__icontains=f.q.strip())
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.area_path:
        qs = qs.filter(path__gte=f.area_path, path__lt=f.area_path + "~")
    return (qs.select_related("community", "leader__resident")
            .annotate(member_count=Count("members", distinct=True),
                      minutes=Sum("members__records__minutes", filter=served),
                      works=Count("members__records__source", filter=served, distinct=True))
            .order_by("path", "name", "id"))


def organisation_get_for_actor(actor, org_id) -> ServiceOrganisation:
    row = (ServiceOrganisation.objects.for_actor(actor, Action.VIEW_VOLUNTEERS)
           .select_related("community", "leader__resident")
           .filter(pk=org_id if str(org_id).isdigit() else 0).first())
    if row is None:
        raise NotFound()
    return row


def organisation_figures(actor, org: ServiceOrganisation) -> ServiceOrganisation:
    """The list row (counts and hours) of one organisation the actor may see."""
    row = organisation_list(actor=actor).get(pk=org.pk)
    row.hours = round((row.minutes or 0) / 60, 1)
    return row


def organisation_members(org: ServiceOrganisation) -> list[Volunteer]:
    return list(org.members.select_related("resident", "building").order_by("resident__name"))


def member_candidates(*, actor, org: ServiceOrganisation, q: str) -> list[Volunteer]:
    """Active volunteers of the organisation's community, in the actor's scope, matching
    ``q``, who are not members yet (at most 20)."""
    if not (q or "").strip():
        return []
    rows = volunteer_list(actor=actor, filters=VolunteerFilters(q=q, area_path=org.path))
    return list(rows.exclude(organisations=org)[:20])


@dataclass
class ProjectFilters:
    q: str = ""
    area_path: str = ""
    organisation: int | None = None
    active: bool | None = True


def project_list(*, actor, filters: ProjectFilters | None = None) -> QuerySet[ServiceProject]:
    """Service projects in scope with how many needs they group (and how many are open)."""
    f = filters or ProjectFilters()
    qs = ServiceProject.objects.for_actor(actor, Action.VIEW_VOLUNTEERS)
    if f.q:
        qs = qs.filter(name__icontains=f.q.strip())
    if f.area_path:
        qs = qs.filter(path__gte=f.area_path, path__lt=f.area_path + "~")
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.active is not None:
        qs = qs.filter(is_active=f.active)
    return (qs.select_related("organisation", "skill", "community")
            .annotate(need_count=Count("needs", distinct=True),
                      open_count=Count("needs", filter=Q(needs__state=NeedState.OPEN),
                                       distinct=True))
            .order_by("path", "name", "id"))


def project_get_for_actor(actor, project_id) -> ServiceProject:
    row = (project_list(actor=actor, filters=ProjectFilters(active=None))
           .filter(pk=project_id if str(project_id).isdigit() else 0).first())
    if row is None:
        raise NotFound()
    return row


def project_needs(project: ServiceProject) -> list[ServiceNeed]:
    """The needs of an already-authorised project, latest first."""
    return list(_with_taken(project.needs.all()).select_related("skill")
                .order_by("-starts_at", "-id")[:100])


def organisations_for(actor, community=None) -> QuerySet[ServiceOrganisation]:
    """Teams that may run a project: not dissolved, in scope (and of ``community``)."""
    qs = ServiceOrganisation.objects.for_actor(actor, Action.MANAGE_VOLUNTEERS).exclude(
        status=OrgStatus.DISSOLVED)
    if community is not None:
        qs = qs.filter(community=community)
    return qs.order_by("path", "name")
