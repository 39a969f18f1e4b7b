"""Who may do what with shared resources: the actions, the roles that hold them (declared in
the manifest) and the permission policies of the app's records.

Besides the place rules, two row rules: a unit's platform delegates run their unit's
resources (answer requests, edit hours) as its owner, and a booker acts on their own
booking (cancel, accept a proposal, check in)."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy

from .models import Booking, Exchange, Pairing, PlatformMember, Resource


class Action:
    VIEW_RESOURCES = "view_resources"
    MANAGE_RESOURCES = "manage_resources"
    VIEW_BOOKINGS = "view_resource_bookings"
    BOOK = "book_resources"


STAFF = {Action.VIEW_RESOURCES, Action.MANAGE_RESOURCES, Action.VIEW_BOOKINGS, Action.BOOK}
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: STAFF,
    Role.STREET_ADMIN: STAFF,
    Role.COMMUNITY_STAFF: STAFF,
    Role.SUPERVISOR: {Action.VIEW_RESOURCES, Action.VIEW_BOOKINGS},
    Role.GRID_WORKER: {Action.VIEW_RESOURCES, Action.BOOK},
    Role.UNIT_LIAISON: {Action.VIEW_RESOURCES, Action.BOOK},
    Role.PARTY_MEMBER: {Action.BOOK},
    Role.RESIDENT: {Action.BOOK},
}


def delegate_units(user) -> set[int]:
    """The units whose resources ``user`` answers for and on whose behalf they book."""
    if is_system(user) or not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_resource_units", None)
    if cache is None:
        cache = set(PlatformMember.objects.filter(delegates=user, is_active=True)
                    .values_list("unit_id", flat=True))
        user._resource_units = cache
    return cache


def is_owner(user, resource: Resource) -> bool:
    """The owner's side of a resource: its unit's delegates, or for the community's own
    resources the staff who manage resources there. Their bookings are confirmed at once."""
    if is_system(user):
        return True
    if resource.owner_unit_id:
        return resource.owner_unit_id in delegate_units(user)
    return resource_policy.can(user, Action.MANAGE_RESOURCES, resource)


class ResourcePolicy(ModelPolicy):
    """A resource sits at its community. A unit's delegates manage their unit's resources."""

    view_action = Action.VIEW_RESOURCES

    def allows(self, user, action, obj):
        if (isinstance(obj, Resource) and obj.owner_unit_id and action in STAFF
                and obj.owner_unit_id in delegate_units(user)):
            return True
        return None


class BookingPolicy(ModelPolicy):
    """A booking sits at its resource's community: staff see them there; the booker and the
    resource's owner see and act on theirs."""

    view_action = Action.VIEW_BOOKINGS

    def allows(self, user, action, obj):
        if not isinstance(obj, Booking) or not getattr(user, "is_authenticated", False):
            return None
        if obj.booker_id == user.pk and action in (Action.VIEW_BOOKINGS, Action.BOOK):
            return True
        if obj.resource.owner_unit_id and obj.resource.owner_unit_id in delegate_units(user):
            return True
        return None


resource_policy = ResourcePolicy(Resource)
booking_policy = BookingPolicy(Booking)
member_policy = ModelPolicy(PlatformMember, view_action=Action.VIEW_RESOURCES)
pairing_policy = ModelPolicy(Pairing, view_action=Action.VIEW_RESOURCES)
exchange_policy = ModelPolicy(Exchange, view_action=Action.VIEW_RESOURCES)

POLICIES = (resource_policy, booking_policy, member_policy, pairing_policy, exchange_policy)


def may_decide(user, booking: Booking) -> bool:
    """Whether ``user`` answers requests for the booking's resource (its owner, or staff who
    manage resources there)."""
    return is_owner(user, booking.resource) or resource_policy.can(
        user, Action.MANAGE_RESOURCES, booking.resource)


def answers_requests(user) -> bool:
    """Whether the user has an inbox of booking requests (a menu entry's predicate)."""
    return resource_policy.holds(user, Action.MANAGE_RESOURCES) or bool(delegate_units(user))
