"""What the forms offer: the resident a query names, the units an account posts for, the
owners a follow-up may have — each limited to what the actor may act on."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.core.errors import DomainError, NotFound
from shequ.organizations.models import Unit
from shequ.registry.models import Resident
from shequ.registry.selectors import search_q

from .models import AllianceMember, HelpSession
from .policies import Action, demand_policy, recruiter_units

OWNER_ROLES = (Role.COMMUNITY_STAFF, Role.STREET_ADMIN, Role.DISTRICT_ADMIN, Role.SUPERVISOR)


def resident_pick(*, actor, q: str, within: str = "", field: str = "resident") -> Resident:
    """The one active resident in the actor's talent scope (and ``within`` an area) that
    ``q`` names (name, pinyin, phone tail); refused when none or several match."""
    cond = search_q(q or "")
    if cond is None:
        raise DomainError(_("Enter a name, pinyin or the last 4 digits of the phone."),
                          field=field)
    qs = Resident.objects.for_actor(actor, Action.MANAGE_TALENT).filter(cond, is_active=True)
    if within:
        qs = qs.filter(path__gte=within, path__lt=within + "~")
    found = list(qs.order_by("id")[:2])
    if len(found) > 1:                 # 张三 names 张三 before 张三丰
        found = list(qs.filter(name=q.strip()).order_by("id")[:2]) or found
    if not found:
        raise DomainError(_("No resident in your area matches."), field=field)
    if len(found) > 1:
        raise DomainError(_("Several residents match: be more precise (the phone's last 4 "
                            "digits)."), field=field)
    return found[0]


def units_for(actor) -> QuerySet[Unit]:
    """Open units the actor posts demands for: recruiter's units and units in scope."""
    paths = demand_policy.places(actor, Action.MANAGE_TALENT)
    cond = Q(pk__in=recruiter_units(actor))
    for p in paths:
        cond |= Q(path__gte=p, path__lt=p + "~")
    return Unit.objects.filter(cond, closed_at__isnull=True).order_by("name")


def units_in(actor) -> QuerySet[Unit]:
    """Open units in the actor's talent scope (alliance membership)."""
    cond = Q(pk__in=[])
    for p in demand_policy.places(actor, Action.MANAGE_TALENT):
        cond |= Q(path__gte=p, path__lt=p + "~")
    return Unit.objects.filter(cond, closed_at__isnull=True).order_by("name")


def owners_for(session: HelpSession) -> QuerySet[User]:
    """Accounts who may own a session's follow-up: staff over its community or above, who
    see the session (grants in force)."""
    parts = session.path.split(".")
    above = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return (User.objects.filter(
        grants__area__path__in=above, grants__role__in=OWNER_ROLES,
        grants__approved_at__isnull=False, is_active=True)
        .distinct().order_by("username"))


def members_of(session: HelpSession) -> QuerySet[AllianceMember]:
    return AllianceMember.objects.filter(community_id=session.community_id, is_active=True
                                         ).select_related("resident", "unit").order_by("id")


def _one(qs, pk):
    row = qs.filter(pk=pk if str(pk).isdigit() else 0).first()
    if row is None:
        raise NotFound()
    return row


def community_get(actor, community_id):
    """A community where the actor manages talent (NotFound otherwise)."""
    from shequ.territory.selectors import communities_for
    return _one(communities_for(actor, Action.MANAGE_TALENT), community_id)


def unit_get(actor, unit_id, *, posting: bool = False) -> Unit:
    """A unit the actor posts for (``posting``) or has in their talent scope."""
    return _one(units_for(actor) if posting else units_in(actor), unit_id)


def resident_get(actor, resident_id) -> Resident:
    """A resident in the actor's talent scope (NotFound otherwise)."""
    return _one(Resident.objects.for_actor(actor, Action.MANAGE_TALENT).filter(is_active=True),
                resident_id)


def member_get(session: HelpSession, member_id) -> AllianceMember | None:
    return None if member_id is None else _one(members_of(session), member_id)


def owner_get(session: HelpSession, user_id) -> User:
    return _one(owners_for(session), user_id)
