"""The set-up checklist (组织和工作全覆盖): for one area, what is not yet covered — grids
without a grid worker's account, communities without a party committee or 大党委 members,
housing without a party branch or group, party members parked without an organisation,
in-service members not yet 双报到-registered, units without a liaison, communities with no
residents imported, commitments (承诺) whose period ended without a report. Each check is one COUNT over indexed path ranges (a constant number of
queries whatever the district's size) and the same queryset lists the records.

This app sits above the modules it reads (members, registry, organizations, accounts,
territory) and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Grant
from shequ.accounts.roles import Role
from shequ.core.errors import NotFound
from shequ.core.scoping import PATH_END
from shequ.evaluations import selectors as evaluation_selectors
from shequ.members.models import DualRegistration, FallbackAttachment, UnitLiaison
from shequ.organizations.models import OrgKind, PartTimeMember, PartyOrg, Unit
from shequ.registry.models import PartyMember, Resident
from shequ.territory.models import Area, AreaKind, Building, Compound

MANAGE = "manage_territory"
BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.GROUP)


def _inside(area: Area, field: str = "path") -> Q:
    return Q(**{f"{field}__gte": area.path, f"{field}__lt": area.path + PATH_END})


def _areas(actor, area: Area, kind: str) -> QuerySet[Area]:
    return Area.objects.for_actor(actor, "view_territory").filter(_inside(area), kind=kind)


def grids_without_worker(actor, area: Area) -> QuerySet:
    worker = Grant.objects.filter(area=OuterRef("pk"), role=Role.GRID_WORKER,
                                  user__is_active=True)
    return _areas(actor, area, AreaKind.GRID).filter(~Exists(worker)).select_related("parent")


def communities_without_committee(actor, area: Area) -> QuerySet:
    committee = PartyOrg.objects.filter(area=OuterRef("pk"), kind=OrgKind.COMMUNITY_COMMITTEE)
    return _areas(actor, area, AreaKind.COMMUNITY).filter(~Exists(committee)) \
        .select_related("parent")


def communities_without_da_dang_wei(actor, area: Area) -> QuerySet:
    """Communities whose party committee has neither unit organisations nor part-time
    members (兼职委员) on it, or that have no committee at all."""
    member_orgs = PartyOrg.member_of.through.objects.filter(
        to_partyorg__area=OuterRef("pk"), to_partyorg__kind=OrgKind.COMMUNITY_COMMITTEE)
    part_timers = PartTimeMember.objects.filter(committee__area=OuterRef("pk"))
    return _areas(actor, area, AreaKind.COMMUNITY).filter(
        ~Exists(member_orgs), ~Exists(part_timers)).select_related("parent")


def _grid_has_branch(grid_ref: str) -> Exists:
    return Exists(PartyOrg.objects.filter(area_id=OuterRef(grid_ref), kind__in=BRANCH_KINDS))


def buildings_without_branch(actor, area: Area) -> QuerySet:
    """A building is covered by a party branch or group attached to its grid."""
    return (Building.objects.for_actor(actor, "view_territory").filter(_inside(area))
            .filter(~_grid_has_branch("grid_id")).select_related("grid", "compound"))


def compounds_without_branch(actor, area: Area) -> QuerySet:
    """A compound is covered when one of its buildings' grids has a branch or group."""
    covered = Building.objects.filter(compound=OuterRef("pk")).filter(_grid_has_branch("grid_id"))
    return (Compound.objects.for_actor(actor, "view_territory").filter(_inside(area))
            .filter(~Exists(covered)).select_related("community"))


def members_without_org(actor, area: Area) -> QuerySet:
    """Members parked in a fallback (区域兜底) organisation — 'organisation unclear' — that
    nobody has yet attached there with a reason."""
    attached = FallbackAttachment.objects.filter(member=OuterRef("pk"), is_active=True)
    return (PartyMember.objects.for_actor(actor, "view_party").filter(_inside(area))
            .filter(org__is_fallback=True).filter(~Exists(attached))
            .select_related("resident", "org"))


def in_service_not_registered(actor, area: Area) -> QuerySet:
    """Members who work in a unit (in service) without an active 双报到 registration."""
    registered = DualRegistration.objects.filter(member=OuterRef("pk"), is_active=True)
    return (PartyMember.objects.for_actor(actor, "view_party").filter(_inside(area))
            .filter(unit__isnull=False).filter(~Exists(registered))
            .select_related("resident", "org"))


def units_without_liaison(actor, area: Area) -> QuerySet:
    liaison = UnitLiaison.objects.filter(unit=OuterRef("pk"), user__is_active=True)
    return (Unit.objects.for_actor(actor, "view_territory").filter(_inside(area))
            .filter(closed_at__isnull=True).filter(~Exists(liaison)).select_related("area"))


def communities_without_residents(actor, area: Area) -> QuerySet:
    """Communities whose path range holds no resident: one index probe each."""
    residents = Resident.objects.filter(path__gte=OuterRef("path"),
                                        path__lt=Concat(OuterRef("path"), Value(PATH_END)))
    return _areas(actor, area, AreaKind.COMMUNITY).filter(~Exists(residents)) \
        .select_related("parent")


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    help: str
    query: Callable[[object, Area], QuerySet]
    row: Callable[[object], dict]


def _area_row(a: Area) -> dict:
    return {"id": a.pk, "title": a.name, "meta": a.code,
            "sub": a.parent.name if a.parent_id else "",
            "url": reverse("territory:area", args=[a.pk])}


def _building_row(b: Building) -> dict:
    return {"id": b.pk, "title": str(b), "meta": b.grid.name, "sub": "",
            "url": reverse("territory:building", args=[b.pk])}


def _compound_row(c: Compound) -> dict:
    return {"id": c.pk, "title": c.name, "meta": c.community.name, "sub": "",
            "url": reverse("territory:area", args=[c.community_id])}


def _member_row(m: PartyMember) -> dict:
    return {"id": m.pk, "title": m.resident.name, "meta": m.org.name, "sub": "",
            "url": reverse("registry:resident-detail", args=[m.resident_id])}


def _unit_row(u: Unit) -> dict:
    return {"id": u.pk, "title": u.name, "meta": u.credit_code, "sub": u.area.name,
            "url": ""}


def _commitment_row(c) -> dict:
    return {"id": c.pk, "title": f"{c.person} · {c.title}",
            "meta": f"{c.period_end:%Y-%m-%d}", "sub": c.community.name,
            "url": reverse("evaluations:commitment-detail", args=[c.pk])}


CHECKS: tuple[Check, ...] = (
    Check("grids_without_worker", _("Grids without a grid worker account"),
          _("Give each grid a grid worker (accounts import or the accounts page)."),
          grids_without_worker, _area_row),
    Check("communities_without_committee", _("Communities without a party committee"),
          _("Create the community party committee (社区党委)."),
          communities_without_committee, _area_row),
    Check("communities_without_da_dang_wei", _("Communities without 大党委 members"),
          _("Add unit party organisations or part-time members to the committee."),
          communities_without_da_dang_wei, _area_row),
    Check("compounds_without_branch", _("Compounds without a party branch or group"),
          _("A branch or group on one of the compound's grids covers it."),
          compounds_without_branch, _compound_row),
    Check("buildings_without_branch", _("Buildings without a party branch or group"),
          _("A branch or group on the building's grid covers it."),
          buildings_without_branch, _building_row),
    Check("members_without_org", _("Party members without an organisation"),
          _("Members parked in a fallback organisation that no one has attached yet."),
          members_without_org, _member_row),
    Check("in_service_not_registered", _("In-service members not yet 双报到-registered"),
          _("Members working in a unit who have not registered where they live."),
          in_service_not_registered, _member_row),
    Check("units_without_liaison", _("Units without a liaison"),
          _("Link a liaison account to each open unit."),
          units_without_liaison, _unit_row),
    Check("communities_without_residents", _("Communities with no residents imported"),
          _("Import the community's roster."),
          communities_without_residents, _area_row),
    Check("overdue_commitments", _("Commitments overdue without a report"),
          _("The period ended and the keeper has not reported (述诺) yet."),
          evaluation_selectors.overdue_commitments, _commitment_row),
)
CHECK_BY_KEY = {c.key: c for c in CHECKS}


def checklist_area_for_actor(actor, area_id=None) -> Area:
    """The area whose checklist the actor reads: one they administer (manage_territory),
    by default the first of their grants. NotFound for anything else."""
    scope = actor.scope_for(MANAGE) if getattr(actor, "is_authenticated", False) else None
    if scope is None or scope.is_empty:
        raise NotFound()
    qs = Area.objects.in_scope(scope)
    try:
        area = qs.get(pk=area_id) if area_id is not None else qs.order_by("path").first()
    except (Area.DoesNotExist, ValueError, TypeError):
        area = None
    if area is None:
        raise NotFound(field="area")
    return area


def checklist_area_choices(actor) -> list[Area]:
    """The areas an administrator may switch the checklist to: districts, streets and
    communities they manage (a district has a few hundred at most)."""
    scope = actor.scope_for(MANAGE)
    return list(Area.objects.in_scope(scope).filter(kind__in=("district", "street", "community"))
                .order_by("path").only("pk", "name", "kind", "depth"))


def setup_checklist(actor, area: Area) -> list[dict]:
    """Every check's count for ``area`` (one query each)."""
    return [{"key": c.key, "label": c.label, "help": c.help,
             "count": c.query(actor, area).count()} for c in CHECKS]


def check_records(actor, area: Area, key: str) -> tuple[Check, QuerySet]:
    """The records behind one check, in a stable order for paging."""
    check = CHECK_BY_KEY.get(key)
    if check is None:
        raise NotFound(field="check")
    return check, check.query(actor, area).order_by("pk")
