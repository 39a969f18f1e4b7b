"""Scoped reads of 党员联管. Staff read through ``for_actor``; a member reads their own
registration; a unit liaison reads the report of the units they are liaison for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from shequ.accounts.selectors import users_in_scope
from shequ.core.errors import NotFound
from shequ.organizations.models import Unit
from shequ.registry.models import PartyMember, RelationLocation, Resident
from shequ.registry.selectors import search_q
from shequ.territory.selectors import community_of

from .models import (
    DualRegistration,
    FallbackAttachment,
    LogState,
    ServiceLog,
    ServicePost,
    UnitLiaison,
    UnitReport,
)
from .policies import Action, member_of


def home_community(member):
    """The community a party member lives in (where they 双报到)."""
    return community_of(member.resident.path)


def post_list(*, community) -> QuerySet[ServicePost]:
    """Active posts of a community (public to its members), with how many serve each now."""
    return ServicePost.objects.filter(community=community, is_active=True).annotate(
        serving=Count("registrations", filter=Q(registrations__is_active=True), distinct=True))


def posts_named(ids) -> list[ServicePost]:
    """The posts a member's form names, as given: the service that takes them
    (``dual_posts_set``) re-reads and locks each and refuses any that is not an offered
    post of the registration's community."""
    return list(ServicePost.objects.filter(pk__in=ids))


def posts_for_actor(actor) -> QuerySet[ServicePost]:
    return ServicePost.objects.for_actor(actor, Action.VIEW_DUAL).select_related("community")


@dataclass
class PostFilters:
    q: str = ""
    area_path: str = ""
    active: bool | None = None


def post_list_for_actor(actor, filters: PostFilters | None = None) -> QuerySet[ServicePost]:
    """Posts in the actor's scope with how many members serve each now."""
    f = filters or PostFilters()
    qs = posts_for_actor(actor)
    if f.q:
        qs = qs.filter(name__icontains=f.q.strip())
    if f.area_path:
        qs = qs.filter(path__gte=f.area_path, path__lt=f.area_path + "~")
    if f.active is not None:
        qs = qs.filter(is_active=f.active)
    return qs.annotate(serving=Count("registrations", filter=Q(registrations__is_active=True),
                                     distinct=True)).order_by("path", "name", "id")


def post_get_for_actor(actor, post_id) -> ServicePost:
    row = post_list_for_actor(actor).filter(
        pk=post_id if str(post_id).isdigit() else 0).first()
    if row is None:
        raise NotFound()
    return row


@dataclass
class RegistrationFilters:
    q: str = ""
    unit: int | None = None
    area_path: str = ""
    post: int | None = None
    active: bool | None = True


def my_registration(actor) -> DualRegistration | None:
    member = member_of(actor)
    if member is None:
        return None
    return (DualRegistration.objects.filter(member=member, is_active=True)
            .select_related("community", "unit").prefetch_related("posts").first())


def my_logs(actor, limit: int = 30) -> list[ServiceLog]:
    member = member_of(actor)
    if member is None:
        return []
    return list(ServiceLog.objects.filter(registration__member=member)
                .select_related("post")[:limit])


def registration_list(*, actor, unit=None, active: bool | None = True,
                      filters: RegistrationFilters | None = None
                      ) -> QuerySet[DualRegistration]:
    """Registrations in the actor's scope, newest first; ``filters`` narrow by name
    (registry search), unit, area, post and whether still active."""
    qs = DualRegistration.objects.for_actor(actor, Action.VIEW_DUAL).select_related(
        "member__resident", "unit", "community").prefetch_related("posts")
    if filters is not None:
        unit, active = filters.unit or unit, filters.active
        cond = search_q(filters.q)
        if cond is not None:
            qs = qs.filter(member__resident__in=Resident.objects.filter(cond).values("pk"))
        if filters.area_path:
            qs = qs.filter(path__gte=filters.area_path, path__lt=filters.area_path + "~")
        if filters.post:
            qs = qs.filter(posts__id=filters.post)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("-registered_at", "-id")


def registration_candidates(*, actor, q: str = "", limit: int = 20) -> list[PartyMember]:
    """双报到 still to do: in-service members (with a unit) in the actor's 双报到 scope who
    have no active registration, matching ``q`` (registry search) when given."""
    active = DualRegistration.objects.filter(is_active=True).values("member_id")
    qs = (PartyMember.objects.for_actor(actor, Action.MANAGE_DUAL)
          .filter(unit__isnull=False, resident__is_active=True).exclude(pk__in=active))
    cond = search_q(q)
    if cond is not None:
        qs = qs.filter(resident__in=Resident.objects.filter(cond).values("pk"))
    return list(qs.select_related("resident", "unit").order_by("path", "id")[:limit])


def member_get_for_actor(actor, member_id) -> PartyMember:
    """A party member whom the actor may register for 双报到 (NotFound otherwise)."""
    row = (PartyMember.objects.for_actor(actor, Action.MANAGE_DUAL)
           .select_related("resident", "unit").filter(
               pk=member_id if str(member_id).isdigit() else 0).first())
    if row is None:
        raise NotFound()
    return row


def hours_by_registration(registrations) -> dict[int, Decimal]:
    """Confirmed hours of each of these registrations (one query)."""
    ids = [r.pk for r in registrations]
    return dict(ServiceLog.objects.filter(registration_id__in=ids, state=LogState.CONFIRMED)
                .values("registration_id").annotate(h=Sum("hours"))
                .values_list("registration_id", "h"))


def registration_get_for_actor(actor, registration_id) -> DualRegistration:
    mine = my_registration(actor)
    if mine is not None and str(mine.pk) == str(registration_id):
        return mine
    row = registration_list(actor=actor, active=None).filter(pk=registration_id).first()
    if row is None:
        raise NotFound()
    return row


def log_queue(*, actor) -> QuerySet[ServiceLog]:
    """Logs waiting for the actor's confirmation, oldest first."""
    return (ServiceLog.objects.for_actor(actor, Action.MANAGE_DUAL)
            .filter(state=LogState.SUBMITTED)
            .select_related("registration__member__resident", "registration__unit", "post")
            .order_by("served_on", "id"))


def log_get_for_actor(actor, log_id) -> ServiceLog:
    row = ServiceLog.objects.for_actor(actor, Action.VIEW_DUAL).select_related(
        "registration__member__resident").filter(pk=log_id).first()
    if row is None:
        raise NotFound()
    return row


def units_for_actor(actor) -> QuerySet[Unit]:
    """Units whose reports the actor may read: those in their scope, and those they are
    liaison for."""
    liaison = UnitLiaison.objects.filter(user=actor).values("unit_id")
    scoped = Unit.objects.for_actor(actor, Action.VIEW_DUAL)
    return Unit.objects.filter(Q(pk__in=liaison) | Q(pk__in=scoped.values("pk"))).order_by(
        "name")


def unit_get_for_actor(actor, unit_id) -> Unit:
    row = units_for_actor(actor).filter(pk=unit_id).first()
    if row is None:
        raise NotFound()
    return row


def unit_staff_get_for_actor(actor, unit_id) -> Unit:
    """A unit in the actor's staff scope (not through being its liaison); NotFound else."""
    row = Unit.objects.for_actor(actor, Action.VIEW_DUAL).filter(pk=unit_id).first()
    if row is None:
        raise NotFound()
    return row


def liaison_users(unit: Unit) -> list:
    """The accounts linked as ``unit``'s liaison, by username."""
    return [row.user for row in UnitLiaison.objects.filter(unit=unit).select_related("user")
            .order_by("user__username")]


def liaison_user_get(unit: Unit, user_id):
    row = UnitLiaison.objects.filter(unit=unit, user_id=user_id).select_related("user").first()
    if row is None:
        raise NotFound(field="user_id")
    return row.user


def liaison_candidate_get(actor, username: str, *, field: str = "username"):
    """An active account whose grants and home area lie in the actor's territory: who may
    be made a liaison there. NotFound (naming ``field``) for anyone else."""
    scope = actor.scope_for(Action.MANAGE_DUAL) if actor is not None else None
    if scope is None or scope.is_empty:
        raise NotFound(field=field)
    user = users_in_scope(scope).filter(username=(username or "").strip(),
                                        is_active=True).first()
    if user is None:
        raise NotFound(field=field)
    return user


def unit_rows(unit: Unit, start: dt.date, end: dt.date) -> list[dict]:
    """Every member of the unit with their registration and confirmed hours in the period.
    Names only (no ID numbers or phones). Three queries whatever the unit's size."""
    members = list(PartyMember.objects.filter(unit=unit).select_related("resident", "org")
                   .order_by("resident__name", "id"))
    regs = {r.member_id: r for r in DualRegistration.objects.filter(
        unit=unit, is_active=True).select_related("community").prefetch_related("posts")}
    hours = dict(ServiceLog.objects.filter(
        registration__unit=unit, state=LogState.CONFIRMED, served_on__gte=start,
        served_on__lte=end).values("registration__member_id").annotate(h=Sum("hours"))
        .values_list("registration__member_id", "h"))
    rows = []
    for m in members:
        reg = regs.get(m.pk)
        rows.append({"member_id": m.pk, "name": m.resident.name, "org": m.org.name,
                     "registered": reg is not None,
                     "community": reg.community.name if reg else "",
                     "posts": [p.name for p in reg.posts.all()] if reg else [],
                     "hours": float(hours.get(m.pk) or Decimal("0"))})
    return rows


def unit_report(actor, *, unit_id, start: dt.date, end: dt.date) -> tuple[Unit, list[dict]]:
    """A unit's live report for a period, for staff in scope or the unit's liaison."""
    unit = unit_get_for_actor(actor, unit_id)
    return unit, unit_rows(unit, start, end)


def not_reported(rows: list[dict]) -> list[dict]:
    """Members who have not registered, or logged no confirmed hours in the period."""
    return [r for r in rows if not r["registered"] or r["hours"] <= 0]


def saved_reports(actor) -> QuerySet[UnitReport]:
    units = units_for_actor(actor).values("pk")
    return UnitReport.objects.filter(unit__in=units).select_related("unit")


def fallback_members(*, actor, area_path: str = "") -> QuerySet[PartyMember]:
    """区域兜底: members under fallback management in the actor's scope — attached by this
    app, recorded so in the registry, or belonging to a fallback organisation."""
    attached = FallbackAttachment.objects.filter(is_active=True).values("member_id")
    qs = PartyMember.objects.for_actor(actor, "view_party").filter(
        Q(relation_location=RelationLocation.FALLBACK) | Q(org__is_fallback=True)
        | Q(pk__in=attached))
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    return qs.select_related("resident", "org").order_by("path", "id")


def fallback_candidates(*, actor, q: str) -> list[PartyMember]:
    """Party members matching ``q`` (registry search) in the actor's fallback scope who are
    not attached yet (at most 20); nothing before something is typed."""
    if search_q(q) is None:
        return []
    attached = FallbackAttachment.objects.filter(is_active=True).values("member_id")
    return list(PartyMember.objects.for_actor(actor, Action.MANAGE_FALLBACK)
                .filter(resident__in=Resident.objects.filter(search_q(q)).values("pk"))
                .exclude(pk__in=attached).select_related("resident", "org")
                .order_by("path", "id")[:20])


def fallback_orgs(actor):
    from shequ.organizations.models import PartyOrg
    return PartyOrg.objects.for_actor(actor, "view_party").filter(is_fallback=True)


def attachment_of(member) -> FallbackAttachment | None:
    return FallbackAttachment.objects.filter(member=member, is_active=True).select_related(
        "org").first()


def liaison_units(actor) -> list[Unit]:
    """The units ``actor`` is liaison for, by name."""
    return list(Unit.objects.filter(pk__in=UnitLiaison.objects.filter(user=actor)
                                    .values("unit_id")).order_by("name", "id"))


def liaison_unit_ids(actor) -> list[int]:
    """The ids of the units ``actor`` is liaison for (declared in the manifest as the units
    an account answers for, so apps below this one learn them without importing it)."""
    return list(UnitLiaison.objects.filter(user=actor).values_list("unit_id", flat=True))


def unit_members_overview(units, *, since: dt.date, limit: int) -> dict:
    """For a liaison's home: the units' in-service members (as in ``unit_rows``), how many
    have an active 双报到 registration, the first ``limit`` who have not (names only), and
    the logs of this period still waiting for the community's confirmation. Three queries
    whatever the size."""
    registered = Exists(DualRegistration.objects.filter(
        member=OuterRef("pk"), unit=OuterRef("unit"), is_active=True))
    members = PartyMember.objects.filter(unit__in=units)
    counts = members.aggregate(members=Count("id"), registered=Count("id", filter=registered))
    missing = list(members.exclude(registered).select_related("resident", "unit")
                   .order_by("resident__name", "id")[:limit])
    waiting = ServiceLog.objects.filter(registration__unit__in=units, state=LogState.SUBMITTED,
                                        served_on__gte=since).count()
    return {**counts, "missing": missing, "waiting": waiting}
