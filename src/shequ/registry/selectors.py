"""Scoped reads of residents and party members, including search."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from shequ.core.errors import NotFound
from shequ.core.textsearch import has_han, prefix_range, to_simplified
from shequ.core.validators import halfwidth
from shequ.territory.models import Area, Household

from . import pii
from .models import PartyMember, Relation, Resident

VIEW = "view_people"


def search_q(query: str) -> Q | None:
    """Turn what a user typed into an index-served condition, or None for "no filter".

    - 4 digits (or 3 digits and X): last four of the phone or ID number;
    - 11 digits / 18-character ID: exact match through the keyed hash;
    - Chinese: prefix of the simplified name (traditional input is converted);
    - Latin letters: prefix of the full pinyin or of the initials.
    """
    q = re.sub(r"\s+", "", halfwidth(query or ""))
    if not q:
        return None
    if re.fullmatch(r"\d{4}", q):
        return Q(phone_tail4=q) | Q(id_tail4=q)
    if re.fullmatch(r"\d{3}[Xx]", q):
        return Q(id_tail4=q.upper())
    if re.fullmatch(r"1\d{10}", q):
        return Q(phone_hash=pii.phone_hash(q))
    if re.fullmatch(r"\d{17}[\dXx]", q):
        return Q(id_number_hash=pii.id_hash(q.upper()))
    if has_han(q):
        lo, hi = prefix_range(to_simplified(q))
        return Q(name_simplified__gte=lo, name_simplified__lt=hi)
    if re.fullmatch(r"[A-Za-z]+", q):
        lo, hi = prefix_range(q.lower())
        return Q(name_pinyin__gte=lo, name_pinyin__lt=hi) | Q(
            name_initials__gte=lo, name_initials__lt=hi
        )
    return Q(pk__in=[])


def household_default_relation(household: Household) -> str:
    """The relation a new member of ``household`` most likely has: head (户主) only while the
    household has no active head, then the head's spouse, then child."""
    taken = set(Resident.objects.filter(
        household=household, is_active=True, relation__in=(Relation.HEAD, Relation.SPOUSE),
    ).values_list("relation", flat=True))
    for relation in (Relation.HEAD, Relation.SPOUSE):
        if relation not in taken:
            return relation
    return Relation.CHILD


@dataclass
class ResidentFilters:
    q: str = ""
    area: Area | None = None
    tag: str = ""
    gender: str = ""
    residence_type: str = ""
    political_status: str = ""
    household: Household | None = None
    include_inactive: bool = False


# A search whose text matches more people than this anywhere in the district is filtered
# inside the scoped scan instead of through the list of matching ids.
SEARCH_ID_LIMIT = 1000


def resident_list(*, actor, filters: ResidentFilters | None = None) -> QuerySet[Resident]:
    """Residents the actor may see, filtered and searched, in territory order.

    Ordered by ``(path, id)``: the scope is a path range, so a page is a seek on the
    ``resident_path_id`` index whatever the scope's size (keyset pagination continues it).

    A search runs in two steps. The text condition alone is served by its own index (name,
    pinyin, initials, tail or hash) and yields at most ``SEARCH_ID_LIMIT`` ids; the scoped
    query then keeps those ids. Asking the database for both at once lets the planner scan a
    large scope in path order and test every row, which costs ~100 ms for a district. The
    ids are never returned to anyone: the result is still the scoped queryset.
    """
    f = filters or ResidentFilters()
    qs = Resident.objects.for_actor(actor, VIEW)
    if not f.include_inactive:
        qs = qs.filter(is_active=True)
    cond = search_q(f.q)
    if cond is not None:
        ids = list(
            Resident.objects.filter(cond).values_list("pk", flat=True)[: SEARCH_ID_LIMIT + 1]
        )
        qs = qs.filter(pk__in=ids) if len(ids) <= SEARCH_ID_LIMIT else qs.filter(cond)
    if f.area is not None:
        qs = qs.filter(path__gte=f.area.path, path__lt=f.area.path + "~")
    if f.tag:
        qs = qs.filter(tags__code=f.tag)
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.residence_type:
        qs = qs.filter(residence_type=f.residence_type)
    if f.political_status:
        qs = qs.filter(political_status=f.political_status)
    if f.household is not None:
        qs = qs.filter(household=f.household)
    return qs.select_related("household").order_by("path", "id")


def resident_of(user) -> Resident | None:
    """The resident record linked to a signed-in account (residents and party members
    acting for themselves), or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.resident
    except Resident.DoesNotExist:
        return None


def is_within(path: str, area_path: str) -> bool:
    """Whether a record at ``path`` lies in the area at ``area_path`` (or is it)."""
    return path == area_path or path.startswith(area_path + ".")


def lives_in(resident: Resident | None, area_path: str) -> bool:
    """Whether a (still registered) resident's home lies in the area at ``area_path``."""
    return resident is not None and resident.is_active and is_within(resident.path, area_path)


def resident_get_for_actor(actor, resident_id) -> Resident:
    """One resident; NotFound both when missing and when outside the actor's scope."""
    try:
        return (
            Resident.objects.for_actor(actor, VIEW)
            .select_related("household__entrance__building__compound",
                            "household__entrance__building__grid")
            .prefetch_related("tags")
            .get(pk=resident_id)
        )
    except (Resident.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def household_members(*, actor, household: Household) -> QuerySet[Resident]:
    return (
        Resident.objects.for_actor(actor, VIEW)
        .filter(household=household)
        .order_by("relation", "birth_date")
    )


def party_member_list(*, actor, q: str = "", status: str = "", org_id=None) -> QuerySet[PartyMember]:
    qs = PartyMember.objects.for_actor(actor, "view_party").select_related("resident", "org")
    if q:
        cond = search_q(q)
        if cond is not None:
            ids = Resident.objects.filter(cond).values("pk")
            qs = qs.filter(resident__in=ids)
    if status:
        qs = qs.filter(status=status)
    if org_id:
        qs = qs.filter(org_id=org_id)
    return qs.order_by("id")


# Beyond this many sub-areas the breakdown would be unreadable (and cost a query each).
BREAKDOWN_MAX_AREAS = 40


def area_breakdown(actor) -> list[dict]:
    """Residents, households and party members per sub-area of the actor's scope: the
    children of each area the actor is granted (a district admin sees streets, community
    staff their grids). Each sub-area is counted as a path range on the covering indexes,
    so a district costs a few dozen index counts, not a scan. Empty for a grid worker (a
    grid has no sub-areas) and for anyone who may not view people."""
    if not actor.can(VIEW):
        return []
    roots = Area.objects.filter(path__in=actor.scope_for(VIEW).paths)
    children = list(
        Area.objects.for_actor(actor, "view_territory").filter(parent__in=roots)
        .order_by("path")[: BREAKDOWN_MAX_AREAS + 1]
    )
    if not children or len(children) > BREAKDOWN_MAX_AREAS:
        return []
    party = actor.can("view_party")
    out = []
    for area in children:
        # The sub-area's range goes first: SQLite seeks on the first bound it meets on a
        # column, and the scope's own (wider) range would make each count scan the scope.
        inside = {"path__gte": area.path, "path__lt": area.path + "~"}
        out.append({
            "area": area,
            "residents": Resident.objects.filter(**inside, is_active=True)
            .for_actor(actor, VIEW).count(),
            "households": Household.objects.filter(**inside).for_actor(actor, VIEW).count(),
            "party_members": PartyMember.objects.filter(**inside)
            .for_actor(actor, "view_party").count() if party else None,
        })
    return out


def scope_counts(actor) -> dict[str, int]:
    """Key numbers of the actor's scope for the home page and the API."""
    residents = Resident.objects.for_actor(actor, VIEW).filter(is_active=True)
    households = Household.objects.for_actor(actor, VIEW)
    members = PartyMember.objects.for_actor(actor, "view_party")
    grids = Area.objects.for_actor(actor, "view_territory").filter(kind="grid")
    return {
        "residents": residents.count(),
        "households": households.count(),
        "party_members": members.count(),
        "grids": grids.count(),
    }
