"""Reads of the resources app. A resource is listed to the whole community: staff read their
scope, residents their community's, unit delegates the communities where their unit joined
the platform. Bookings are read by their booker, the resource's owner and staff."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from shequ.core.errors import NotFound
from shequ.organizations.models import Unit
from shequ.registry.selectors import resident_of

from .calendar import availability, free_search  # noqa: F401 - the app's read door
from .models import (
    LIVE,
    Booking,
    BookingStatus,
    Exchange,
    Negotiation,
    NegotiationState,
    Pairing,
    PlatformMember,
    Resource,
    StoredFile,
)
from .policies import (
    Action,
    booking_policy,
    delegate_units,
    member_policy,
    pairing_policy,
    resource_policy,
)
from .utilisation import utilisation_by_resource, utilisation_by_unit  # noqa: F401


def _community_of(path: str) -> str:
    return ".".join(path.split(".")[:3])


def _visible(actor) -> QuerySet[Resource]:
    qs = resource_policy.instances_for(actor, Action.VIEW_RESOURCES)
    extra = Q(pk__in=[])
    resident = resident_of(actor)
    if resident is not None:
        extra |= Q(path=_community_of(resident.path))
    units = delegate_units(actor)
    if units:
        extra |= Q(community_id__in=PlatformMember.objects.filter(
            unit_id__in=units, is_active=True).values("community_id"))
        extra |= Q(owner_unit_id__in=units)
    if extra != Q(pk__in=[]):
        qs = qs | Resource.objects.filter(extra)
    return qs


def resource_list(*, actor, kind: str = "", q: str = "", area_path: str = "",
                  capacity: int | None = None, active: bool | None = True
                  ) -> QuerySet[Resource]:
    """The shared resources the actor may see, by community, type and name."""
    qs = _visible(actor)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__icontains=q.strip())
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    if capacity:
        qs = qs.filter(Q(capacity__isnull=True) | Q(capacity__gte=capacity))
    if active is not None:
        qs = qs.filter(retired_at__isnull=active)
    return qs.select_related("community", "owner_unit").order_by("path", "kind", "name", "id")


def resource_get_for_actor(actor, resource_id) -> Resource:
    row = resource_list(actor=actor, active=None).filter(pk=resource_id).first()
    if row is None:
        raise NotFound()
    return row


def resource_detail(resource: Resource) -> dict:
    """Opening hours, the agreement in force and the photos of one resource."""
    return {"hours": list(resource.hours.all()),
            "agreements": list(resource.agreements.select_related("document")[:5]),
            "photos": list(resource.photos.select_related("stored"))}


def _booking_rows() -> QuerySet[Booking]:
    return Booking.objects.select_related("resource__community", "resource__owner_unit",
                                          "booker", "unit")


def my_bookings(*, actor, upcoming: bool = True) -> QuerySet[Booking]:
    """The actor's own bookings, and those of others that wait on the actor giving way."""
    waiting = Negotiation.objects.filter(displaces__booker=actor, state=NegotiationState.OPEN)
    qs = _booking_rows().filter(Q(booker=actor) | Q(pk__in=waiting.values("booking_id")))
    if upcoming:
        from django.utils import timezone
        qs = qs.filter(ends_at__gte=timezone.now())
    return qs.order_by("starts_at", "id")


def _decided_by(actor) -> Q:
    """Bookings of resources the actor answers for: their units' and, for staff who manage
    resources, the community's own in their scope."""
    q = Q(resource__owner_unit_id__in=delegate_units(actor) or [0])
    managed = booking_policy.instances_for(actor, Action.MANAGE_RESOURCES)
    return q | Q(pk__in=managed.filter(resource__owner_unit__isnull=True).values("pk"))


def inbox(*, actor) -> QuerySet[Booking]:
    """Requests and negotiations waiting for the owner, soonest first."""
    return (_booking_rows().filter(_decided_by(actor),
                                   status__in=(BookingStatus.REQUESTED,
                                               BookingStatus.NEGOTIATING))
            .order_by("starts_at", "id"))


def booking_get_for_actor(actor, booking_id) -> Booking:
    """One booking for its booker, the owner's side, a displaced booker and staff in
    scope; NotFound for everyone else."""
    row = _booking_rows().filter(pk=booking_id).first()
    if row is None:
        raise NotFound()
    if booking_policy.can(actor, Action.VIEW_BOOKINGS, row):
        return row
    if resource_policy.can(actor, Action.MANAGE_RESOURCES, row.resource):
        return row
    if Negotiation.objects.filter(booking=row, displaces__booker=actor).exists():
        return row
    raise NotFound()


def thread(booking: Booking) -> tuple[Negotiation | None, list]:
    negotiation = (Negotiation.objects.filter(booking=booking)
                   .select_related("displaces__booker").first())
    if negotiation is None:
        return None, []
    return negotiation, list(negotiation.messages.select_related("author"))


def live_on(resource: Resource, start, end) -> list[Booking]:
    """The live bookings of a resource overlapping a window (the calendar)."""
    return list(Booking.objects.filter(resource=resource, status__in=LIVE, starts_at__lt=end,
                                       ends_at__gt=start).select_related("booker", "unit")
                .order_by("starts_at"))


def pairing_list(*, actor, q: str = "") -> QuerySet[Pairing]:
    qs = pairing_policy.instances_for(actor).select_related("community").annotate(
        exchange_count=Count("exchanges"))
    if q:
        qs = qs.filter(Q(village__icontains=q) | Q(township__icontains=q))
    return qs.order_by("path", "village", "id")


def pairing_get_for_actor(actor, pairing_id) -> Pairing:
    row = pairing_list(actor=actor).filter(pk=pairing_id).first()
    if row is None:
        raise NotFound()
    return row


def exchange_list(*, pairing: Pairing) -> QuerySet[Exchange]:
    return (Exchange.objects.filter(pairing=pairing)
            .prefetch_related(Prefetch("residents"), "resources", "photos")
            .order_by("-on_date", "-id"))


def booking_unit(actor, unit_id):
    """A unit the actor may book for: one of their delegate units (NotFound otherwise)."""
    if int(unit_id) not in delegate_units(actor):
        raise NotFound(field="unit")
    return Unit.objects.get(pk=unit_id)


def delegate_unit_list(actor) -> QuerySet[Unit]:
    """The units the actor may book for (a form's choice)."""
    return Unit.objects.filter(pk__in=delegate_units(actor) or [0]).order_by("name")


def platform_units(actor) -> QuerySet[Unit]:
    """Units on the sharing platforms the actor manages: the possible owners of a resource."""
    ids = member_policy.instances_for(actor, Action.MANAGE_RESOURCES).filter(
        is_active=True).values("unit_id")
    return Unit.objects.filter(pk__in=ids).order_by("name")


def member_list(*, actor) -> QuerySet[PlatformMember]:
    return (member_policy.instances_for(actor).select_related("unit", "community")
            .prefetch_related("delegates").order_by("path", "id"))


def member_get_for_actor(actor, member_id) -> PlatformMember:
    """One platform member in the actor's scope; NotFound for the rest."""
    row = member_list(actor=actor).filter(pk=member_id).first()
    if row is None:
        raise NotFound(field="member")
    return row


def member_unit(actor, unit_id) -> Unit:
    """A unit the actor may put on a platform (``member_units``); NotFound otherwise."""
    row = member_units(actor).filter(pk=unit_id).first()
    if row is None:
        raise NotFound(field="unit")
    return row


def member_community(actor, community_id):
    """A community whose platform the actor manages; NotFound otherwise."""
    from shequ.territory.selectors import communities_for

    row = communities_for(actor, Action.MANAGE_RESOURCES).filter(pk=community_id).first()
    if row is None:
        raise NotFound(field="community")
    return row


def resource_file(resource: Resource, token: str) -> StoredFile | None:
    """A photo or agreement document of ``resource`` by its token."""
    ids = set(resource.photos.values_list("stored_id", flat=True)) | set(
        resource.agreements.exclude(document=None).values_list("document_id", flat=True))
    return StoredFile.objects.filter(token=token, pk__in=ids).first()


def residents_named(*, actor, pairing: Pairing, names: str) -> list:
    """Residents of the pairing's community named in ``names`` (space or comma separated),
    within the actor's view; an unknown name is refused, naming it."""
    from django.utils.translation import gettext as _

    from shequ.core.errors import DomainError
    from shequ.registry.selectors import ResidentFilters, resident_list

    out = []
    for name in names.replace(",", " ").replace("，", " ").split():
        area = pairing.community
        found = [r for r in resident_list(actor=actor, filters=ResidentFilters(q=name, area=area))
                 [:20] if r.name == name]
        if not found:
            raise DomainError(_("%(name)s is not a resident of the community.") % {"name": name},
                              field="registry_names")
        out.append(found[0])
    return out


def delegates_named(names: str | list[str]) -> list:
    """Accounts named by user name (a list, or a text separated by spaces or commas); an
    unknown name is refused, naming it."""
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from shequ.core.errors import DomainError

    if isinstance(names, str):
        names = names.replace(",", " ").split()
    wanted = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    found = {u.username: u for u in get_user_model().objects.filter(username__in=wanted,
                                                                    is_active=True)}
    for name in wanted:
        if name not in found:
            raise DomainError(_("No account is called %(name)s.") % {"name": name},
                              field="delegates")
    return [found[n] for n in wanted]


def member_units(actor) -> QuerySet[Unit]:
    """Open units the actor may manage resources for: candidates to join a platform."""
    return (Unit.objects.for_actor(actor, Action.MANAGE_RESOURCES)
            .filter(closed_at__isnull=True).order_by("name"))
