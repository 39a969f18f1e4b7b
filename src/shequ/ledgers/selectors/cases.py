"""Scoped reads of cases: lists with filters, one case with its timeline, the places and
people an actor may pick when taking in or assigning a case, and duplicate suggestions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import BooleanField, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core import lean
from shequ.core.errors import NotFound
from shequ.territory import filters as area_filters
from shequ.territory.models import Area, AreaKind, Building, Compound

from .. import geo, reference
from ..models import OPEN_STATES, Attachment, Case, CaseEvent, CaseState, Category
from ..policies import Action, case_policy, grid_worker_grants
from ..workdays import TZ

DUPLICATE_DAYS = 14
IN_FLIGHT = (*OPEN_STATES, CaseState.RESOLVED)
DUPLICATE_METRES = 100


@dataclass
class CaseFilters:
    ledger: str = ""
    category: Category | None = None
    states: list[str] = field(default_factory=list)
    area: Area | None = None  # any node: grid, community, street…
    overdue: bool = False
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    assigned_to: User | None = None
    source: str = ""


# How a territory condition is written decides SQLite's plan. SQLite here has no STAT4, so
# it rates any range on ``path`` as selective and prefers it over everything else: for a
# district that walks every row and sorts them all for the first page. So: a district or
# street is written as a prefix (LIKE, not served by the index) and the planner walks
# ``created_at`` backwards or a selective index of the other filters; a community as the
# list of its own path and its grids' paths, a grid as its path — equalities the planner
# rates correctly. Every form selects exactly the rows of the range [path, path~).


def _path_q(path: str) -> Q:
    depth = path.count(".")
    if depth <= 1:  # district, street
        return Q(path=path) | Q(path__startswith=path + ".")
    if depth == 2:  # community: itself (cases not routed yet) and its grids
        grids = Area.objects.filter(parent__path=path).values_list("path", flat=True)
        return Q(path__in=[path, *grids])
    return Q(path=path)


class _OpenCases(RawSQL):
    """``state IN (<open states>)`` with the states as SQL literals, exactly the condition
    of the partial indexes of open cases: SQLite uses a partial index only when the query
    repeats its condition, and never for bound parameters. The literals are our own
    constants, never input."""

    def __init__(self):
        states = ", ".join(f"'{s}'" for s in OPEN_STATES)
        super().__init__(f'"ledgers_case"."state" IN ({states})', [],  # noqa: S611
                         output_field=BooleanField())


class _CategoryNotIndexed(RawSQL):
    """``category_id = <id>`` written so that no index serves it (``+column``, valid on
    both databases). Without STAT4 SQLite rates a category (≈14% of a year's cases) as
    more selective than a state, so "sanitation, resolved" walked 56k sanitation rows to
    count 300 resolved ones (~150 ms); the state index reads the 2,000 resolved cases."""

    def __init__(self, category_id: int):
        super().__init__('+"ledgers_case"."category_id" = %s', [category_id],
                         output_field=BooleanField())


def _scoped(actor, action: str) -> QuerySet[Case]:
    """The rows of ``Case.objects.for_actor(actor, action)``, written as above."""
    if actor is None or not actor.is_authenticated:
        return Case.objects.none()
    scope = actor.scope_for(action)
    if scope.is_empty:
        return Case.objects.none()
    q = Q(pk__in=[])
    for p in scope.paths:
        q |= _path_q(p)
    return Case.objects.filter(q)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=TZ)


def case_list(*, actor, filters: CaseFilters | None = None,
              action: str = Action.VIEW_CASES) -> QuerySet[Case]:
    """Cases the actor may see, filtered, newest first. Every condition is index-served:
    the scope and area are path ranges, dates a range on ``created_at``."""
    f = filters or CaseFilters()
    qs = _scoped(actor, action)
    if f.category is not None:
        if f.ledger and f.ledger != f.category.ledger:
            return Case.objects.none()
        # (implies the ledger) Cases still in flight — open, or resolved and waiting for
        # a rating — are few whatever the category (closed and rejected ones pile up):
        # the state is the better way in. Open states have partial indexes of their own.
        rare = (f.states and set(f.states) <= {*IN_FLIGHT}
                and not set(f.states) <= set(OPEN_STATES))
        qs = qs.filter(_CategoryNotIndexed(f.category.pk) if rare else Q(category=f.category))
    elif f.ledger:
        qs = qs.filter(ledger=f.ledger)
    if f.states:
        qs = qs.filter(state__in=f.states)
    if f.overdue or (f.states and set(f.states) <= set(OPEN_STATES)):
        qs = qs.filter(_OpenCases())
    if f.area is not None:
        qs = qs.filter(_path_q(f.area.path))
    if f.overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_at__lt=timezone.now())
    if f.date_from:
        qs = qs.filter(created_at__gte=_day_start(f.date_from))
    if f.date_to:
        qs = qs.filter(created_at__lt=_day_start(f.date_to + dt.timedelta(days=1)))
    if f.assigned_to is not None:
        qs = qs.filter(assigned_to=f.assigned_to)
    if f.source:
        qs = qs.filter(source=f.source)
    return qs.select_related("category", "grid", "assigned_to").order_by("-created_at", "-id")


def my_cases(*, actor) -> QuerySet[Case]:
    """The grid worker's own open and just-resolved cases, most urgent first."""
    qs = Case.objects.for_actor(actor, Action.HANDLE_CASES).filter(
        assigned_to=actor, state__in=IN_FLIGHT)
    return qs.select_related("category", "grid", "building").order_by("due_at", "id")


def case_get_for_actor(actor, case_id, action: str = Action.VIEW_CASES) -> Case:
    """One case with what its page shows; NotFound for missing and out-of-scope alike."""
    try:
        return (Case.objects.for_actor(actor, action)
                .select_related("category", "grid", "building__compound", "assigned_to",
                                "duplicate_of", "reporter", "subject", "created_by")
                .get(pk=case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def case_timeline(case: Case) -> list[CaseEvent]:
    return list(case.events.select_related("actor").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("id"))).order_by("at", "id"))


def attachment_get_for_actor(actor, token: str) -> Attachment:
    try:
        att = Attachment.objects.select_related("case").get(token=token)
    except Attachment.DoesNotExist:
        raise NotFound() from None
    if not case_policy.can(actor, Action.VIEW_CASES, att.case):
        raise NotFound()
    return att


def category_list(*, ledger: str = "", public_only: bool = False) -> QuerySet[Category]:
    qs = Category.objects.filter(is_active=True)
    if ledger:
        qs = qs.filter(ledger=ledger)
    if public_only:
        qs = qs.filter(public=True).exclude(ledger="stability")
    return qs.order_by("ledger", "order", "id")


def category_get(code_or_id, *, public_only: bool = False) -> Category:
    """An active category by code or id (NotFound otherwise). Without ``public_only`` it
    comes from the process's copy (``reference``): read it, never change it."""
    if not public_only:
        category = reference.active_category(code_or_id)
        if category is None:
            raise NotFound()
        return category
    qs = category_list(public_only=public_only)
    key = {"pk": int(code_or_id)} if str(code_or_id).isdigit() else {"code": code_or_id}
    try:
        return qs.get(**key)
    except Category.DoesNotExist:
        raise NotFound() from None


def intake_grids(actor) -> QuerySet[Area]:
    return Area.objects.for_actor(actor, Action.HANDLE_CASES).filter(kind=AreaKind.GRID)


def intake_buildings(actor) -> QuerySet[Building]:
    """Buildings of the grids where the actor takes in cases (a grid worker: theirs)."""
    return (Building.objects.for_actor(actor, Action.HANDLE_CASES)
            .select_related("compound", "grid").order_by("path", "compound_id", "name"))


# The grid without its boundary polygon (a GeoJSON document intake never reads).
_GRID_FIELDS = ("id", "kind", "name", "code", "parent", "path", "depth")


@cache
def _building_sql() -> str:
    """The building with its grid and compound, one read written once per process
    (``core.lean``): every intake runs it."""
    b, a, c = Building._meta, Area._meta, Compound._meta
    qn = lean.qn
    return (f"SELECT {lean.columns(Building, 'b')}, {lean.columns(Area, 'g', _GRID_FIELDS)}, "  # noqa: S608 - names from model meta
            f"{lean.columns(Compound, 'c')} FROM {qn(b.db_table)} b "
            f"INNER JOIN {qn(a.db_table)} g ON g.{qn(a.pk.column)} = b.{qn(b.get_field('grid').column)} "
            f"LEFT OUTER JOIN {qn(c.db_table)} c "
            f"ON c.{qn(c.pk.column)} = b.{qn(b.get_field('compound').column)} "
            f"WHERE b.{qn(b.pk.column)} = %s")


def _building_with_grid(pk: int) -> Building | None:
    with connection.cursor() as cursor:
        cursor.execute(_building_sql(), [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    nb, ng = len(Building._meta.concrete_fields), len(_GRID_FIELDS)
    building = lean.instance(Building, row[:nb])
    building.grid = lean.instance(Area, row[nb:nb + ng], _GRID_FIELDS)
    building.compound = (lean.instance(Compound, row[nb + ng:])
                         if building.compound_id is not None else None)
    return building


def intake_building_get(actor, pk: int) -> Building:
    """One building where the actor takes in cases (NotFound otherwise): fetched by id,
    then checked against the actor's scope in Python, the same rule as
    ``intake_buildings`` without compiling the scope filter into the query."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotFound()
    building = _building_with_grid(pk)
    if building is None or not case_policy.can(actor, Action.HANDLE_CASES, building):
        raise NotFound()
    return building


def areas_for_filter(actor) -> QuerySet[Area]:
    """The areas of the case list's filter (``territory.filters``, the one rule)."""
    return area_filters.areas_for_filter(actor, Action.VIEW_CASES)


def area_choices_for_filter(actor) -> list[tuple[int, str]]:
    return area_filters.area_choices_for_filter(actor, Action.VIEW_CASES)


def _worker_grants(case: Case, grid: Area | None):
    if grid is None and case.grid_id is not None:
        grid = case.grid
    if grid is not None:
        return grid_worker_grants(grid=grid)
    return grid_worker_grants(within=case.path)  # not routed yet: its whole area


def assignable_workers(case: Case, grid: Area | None = None) -> QuerySet[User]:
    """Grid workers of the case's grid (or of ``grid`` when routing); for a case not
    routed to a grid yet, those of every grid of the area it waits in."""
    ids = _worker_grants(case, grid).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("username")


def assignable_by_grid(case: Case, grid: Area | None = None) -> list[tuple[Area, list[User]]]:
    """The same workers grouped by their grid, in tree order (one query)."""
    groups: dict[int, tuple[Area, list[User]]] = {}
    for g in (_worker_grants(case, grid).select_related("user", "area")
              .order_by("area__path", "user__username")):
        groups.setdefault(g.area_id, (g.area, []))[1].append(g.user)
    return list(groups.values())


def duplicate_candidates(*, actor, category: Category, building: Building | None = None,
                         lat=None, lng=None, exclude_id: int | None = None,
                         now: dt.datetime | None = None) -> list[Case]:
    """Open cases of the same category at the same building or within ~100 m, received in
    the last 14 days, that the actor may see — the suggestions shown while entering a case."""
    since = (now or timezone.now()) - dt.timedelta(days=DUPLICATE_DAYS)
    base = Case.objects.for_actor(actor, Action.VIEW_CASES).filter(
        category=category, state__in=OPEN_STATES, created_at__gte=since)
    if exclude_id:
        base = base.exclude(pk=exclude_id)
    near = Q(pk__in=[])
    if building is not None:
        near |= Q(building=building)
        if lat is None and building.lat is not None:
            lat, lng = building.lat, building.lng
    point = None
    if lat is not None and lng is not None:
        point = float(lat), float(lng)
        lo_lat, hi_lat, lo_lng, hi_lng = geo.bounding_box(*point, DUPLICATE_METRES)
        near |= Q(lat__gte=lo_lat, lat__lte=hi_lat, lng__gte=lo_lng, lng__lte=hi_lng)
    out = []
    for case in base.filter(near).select_related("building__compound", "grid")[:50]:
        same_building = building is not None and case.building_id == building.pk
        if same_building or (point and case.lat is not None and geo.haversine_m(
                *point, float(case.lat), float(case.lng)) <= DUPLICATE_METRES):
            out.append(case)
    return out[:10]
