"""Reads of 民生联解, always scoped: staff read their area (and the catalogue items offered
there from above: a district's items); a resident reads the items offered where they
live and their own requests. ``*_get_for_actor`` raises one NotFound for missing and for
out of sight."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.registry.models import Resident
from shequ.registry.selectors import ResidentFilters, resident_list, resident_of

from .models import (
    OPEN_STATES,
    Authorisation,
    CatalogueItem,
    Opinion,
    OpinionSession,
    RequestState,
    ServiceRequest,
    Visit,
)
from .places import HOME_SERVICE_TAGS, ancestor_paths
from .policies import (
    Action,
    authorisation_policy,
    item_policy,
    opinion_policy,
    request_policy,
    session_policy,
    visit_policy,
)


def _get(qs, pk):
    try:
        row = qs.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        row = None
    if row is None:
        raise NotFound()
    return row


def item_list(*, actor, q: str = "", active: bool | None = True, area_path: str = ""
              ) -> QuerySet[CatalogueItem]:
    """Items offered in the actor's area or above it (and, for staff, below it); for a
    resident the items offered where they live."""
    above: set[str] = set()
    for place in item_policy.places(actor):
        above.update(ancestor_paths(place))
    resident = resident_of(actor)
    if resident is not None:
        above.update(ancestor_paths(resident.path))
    qs = item_policy.instances_for(actor) | CatalogueItem.objects.filter(path__in=above)
    if q:
        q = q.strip()[:40]
        qs = qs.filter(Q(name__icontains=q) | Q(department__icontains=q) | Q(code=q.lower()))
    if active is not None:
        qs = qs.filter(retired_at__isnull=active)
    if area_path:
        qs = qs.filter(path__in=ancestor_paths(area_path))
    return qs.select_related("area").order_by("name", "id")


def item_get_for_actor(actor, item_id, *, active: bool | None = None) -> CatalogueItem:
    return _get(item_list(actor=actor, active=active), item_id)


def offered_to(resident: Resident) -> QuerySet[CatalogueItem]:
    """The active items a resident may ask for (their home's area and those above it)."""
    return CatalogueItem.objects.filter(path__in=ancestor_paths(resident.path),
                                        retired_at__isnull=True).order_by("name", "id")


def request_list(*, actor, state: str = "", open_only: bool = False, overdue: bool = False,
                 item_id=None, resident_id=None, mine: bool = False,
                 rated_least: int | None = None) -> QuerySet[ServiceRequest]:
    """Requests at the actor's place, and a resident's own, newest first. ``mine`` keeps
    only the actor's own (the resident's page); ``rated_least``: rated that many stars or
    more."""
    resident = resident_of(actor)
    own = ServiceRequest.objects.filter(resident=resident) if resident else None
    if mine:
        qs = own if own is not None else ServiceRequest.objects.none()
    else:
        qs = request_policy.instances_for(actor)
        if own is not None:
            qs = qs | own
    if state:
        qs = qs.filter(state=state)
    if open_only:
        qs = qs.filter(state__in=OPEN_STATES)
    if overdue:
        qs = qs.filter(state__in=OPEN_STATES, due_at__lt=timezone.now())
    if item_id:
        qs = qs.filter(item_id=item_id)
    if resident_id:
        qs = qs.filter(resident_id=resident_id)
    if rated_least:
        qs = qs.filter(rating__gte=rated_least)
    return qs.select_related("item", "resident", "authorisation").order_by("-id")


def queue_counts(*, actor) -> dict[str, int]:
    """Requests at the actor's place waiting to be accepted and overdue, in one query
    (the home panel's budget is shared)."""
    return request_policy.instances_for(actor, Action.HANDLE_REQUESTS).aggregate(
        waiting=Count("id", filter=Q(state=RequestState.SUBMITTED)),
        overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_at__lt=timezone.now())))


def request_get_for_actor(actor, request_id) -> ServiceRequest:
    return _get(request_list(actor=actor), request_id)


def request_trail(request: ServiceRequest) -> list:
    return list(request.events.select_related("actor").order_by("at", "id"))


def authorisation_list(*, actor, resident: Resident | None = None, valid_only: bool = False
                       ) -> QuerySet[Authorisation]:
    qs = authorisation_policy.instances_for(actor)
    if resident is not None:
        qs = qs.filter(resident=resident)
    if valid_only:
        qs = qs.filter(revoked_at__isnull=True, valid_until__gte=timezone.localdate())
    return qs.select_related("resident", "item").order_by("-id")


def authorisation_get_for_actor(actor, auth_id) -> Authorisation:
    return _get(authorisation_list(actor=actor), auth_id)


def resident_choices(*, actor, q: str) -> QuerySet[Resident]:
    """Residents the actor may pick for a request (registry's scoped search)."""
    return resident_list(actor=actor, filters=ResidentFilters(q=q))


def home_service_due(*, actor, days: int = 90) -> QuerySet[Resident]:
    """Elderly people living alone and disabled residents of the actor's area whose
    household has had no logged visit for ``days`` days — the grid worker's round."""
    since = timezone.now() - dt.timedelta(days=days)
    visited = Visit.objects.filter(at__gte=since).values("household_id")
    ids = (resident_list(actor=actor).filter(tags__code__in=HOME_SERVICE_TAGS)
           .exclude(household_id__in=visited).values("pk"))
    return (Resident.objects.filter(pk__in=ids).select_related("household")
            .prefetch_related("tags").order_by("path", "id"))


def visit_list(*, actor, worker=None) -> QuerySet[Visit]:
    qs = visit_policy.instances_for(actor)
    if worker is not None:
        qs = qs.filter(worker=worker)
    return qs.select_related("household", "resident", "worker").order_by("-at", "-id")


def session_list(*, actor) -> QuerySet[OpinionSession]:
    return (session_policy.instances_for(actor).select_related("community")
            .annotate(opinion_count=Count("opinions")).order_by("-held_on", "-id"))


def session_get_for_actor(actor, session_id) -> OpinionSession:
    return _get(session_list(actor=actor), session_id)


def opinion_list(*, actor, theme: str = "", outcome: str = "", session=None
                 ) -> QuerySet[Opinion]:
    qs = opinion_policy.instances_for(actor)
    if theme:
        qs = qs.filter(theme=theme)
    if outcome:
        qs = qs.filter(outcome=outcome)
    if session is not None:
        qs = qs.filter(session=session)
    return qs.select_related("session", "resident", "case").order_by("-id")


def opinion_get_for_actor(actor, opinion_id) -> Opinion:
    return _get(opinion_list(actor=actor).select_related("visit__household",
                                                          "session__community"), opinion_id)


def opinions_by_theme(*, actor, session=None) -> list[dict]:
    """How many opinions per theme and outcome (民情说吧 grouped by theme)."""
    qs = opinion_list(actor=actor, session=session).order_by()
    rows = qs.values("theme", "outcome").annotate(n=Count("id"))
    out: dict[str, dict] = {}
    for r in rows:
        out.setdefault(r["theme"], {"theme": r["theme"], "total": 0})
        out[r["theme"]][r["outcome"]] = r["n"]
        out[r["theme"]]["total"] += r["n"]
    return sorted(out.values(), key=lambda d: -d["total"])


