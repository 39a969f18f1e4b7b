"""Scoped reads of accounts: the users a system administrator looks after, their grants,
the areas they may grant, the names a security administrator may unlock, and a user's own
grants and tokens.

A user lies inside a scope when **every** grant they hold is inside it and their home area
(if set) is too. "Some grant inside" would not do: a street administrator who could reset
the password of a district administrator holding one grant in that street could sign in
as them and reach the whole district. A user without any grant and without a home area
(made on the command line) is looked after only by an administrator of the whole
territory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.core.scoping import Scope
from shequ.territory.models import Area

from .models import ApiToken, Grant, LoginFailure, User
from .roles import OPERATOR_MANAGED_ROLES, Action

MANAGE = Action.MANAGE_ACCOUNTS


def _covers_whole_territory(scope: Scope) -> bool:
    """Whether ``scope`` holds every root of the territory tree."""
    if scope.is_empty:
        return False
    return not Area.objects.filter(parent__isnull=True).exclude(path__in=scope.paths).exists()


def users_in_scope(scope: Scope) -> QuerySet[User]:
    """Users whose grants and home area all lie inside ``scope`` (see the module doc)."""
    if scope.is_empty:
        return User.objects.none()
    outside = Grant.all_objects.filter(user=OuterRef("pk")).exclude(scope.path_q("area__path"))
    qs = User.objects.filter(~Exists(outside))
    if _covers_whole_territory(scope):
        return qs
    has_grant = Exists(Grant.all_objects.filter(user=OuterRef("pk")))
    return qs.filter(scope.path_q("home_area__path") | (Q(home_area__isnull=True) & Q(has_grant)))


def _users_for_actor(actor, action: str = MANAGE) -> QuerySet[User]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return User.objects.none()
    return users_in_scope(actor.scope_for(action))


def can_manage_user(actor, user: User) -> bool:
    """Whether ``actor`` may change ``user``'s account (inside the actor's account scope).
    Nobody manages their own account here: a system administrator must not raise their
    own grants or lift their own deactivation."""
    if not getattr(actor, "is_authenticated", False) or user.pk is None or actor.pk == user.pk:
        return False
    return _users_for_actor(actor).filter(pk=user.pk).exists()


def is_operator_managed(user: User) -> bool:
    """Whether the account holds the security or audit role, which keeps it out of a
    system administrator's hands (roles.OPERATOR_MANAGED_ROLES)."""
    return user.grants.filter(role__in=OPERATOR_MANAGED_ROLES).exists()


def _grants_prefetch() -> Prefetch:
    return Prefetch("grants", queryset=Grant.all_objects.select_related("area")
                    .order_by("area__path", "role"))


@dataclass
class UserFilters:
    q: str = ""
    role: str = ""
    area: Area | None = None
    status: str = ""  # "", "active" or "inactive"


def user_list(*, actor, filters: UserFilters | None = None) -> QuerySet[User]:
    """Accounts the actor looks after, searched by username prefix or display-name
    fragment, filtered by a role held, by an area (a grant or the home area inside its
    subtree) and by status; ordered by username (unique, so keyset pages follow it)."""
    f = filters or UserFilters()
    qs = _users_for_actor(actor)
    q = f.q.strip()
    if q:
        qs = qs.filter(Q(username__istartswith=q) | Q(display_name__icontains=q))
    if f.role:
        qs = qs.filter(Exists(Grant.all_objects.filter(user=OuterRef("pk"), role=f.role)))
    if f.area is not None:
        lo, hi = f.area.path, f.area.path + "~"
        inside = Grant.all_objects.filter(user=OuterRef("pk"), area__path__gte=lo, area__path__lt=hi)
        qs = qs.filter(Q(Exists(inside)) | Q(home_area__path__gte=lo, home_area__path__lt=hi))
    if f.status == "active":
        qs = qs.filter(is_active=True)
    elif f.status == "inactive":
        qs = qs.filter(is_active=False)
    return qs.select_related("home_area").prefetch_related(_grants_prefetch()).order_by(
        "username")


def user_get_for_actor(actor, user_id) -> User:
    """One account the actor looks after; NotFound when missing and when out of scope."""
    try:
        return (_users_for_actor(actor).select_related("home_area")
                .prefetch_related(_grants_prefetch()).get(pk=user_id))
    except (User.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def grant_get_for_actor(actor, *, user: User, grant_id) -> Grant:
    """One grant of a user the actor looks after; NotFound otherwise."""
    user = user_get_for_actor(actor, user.pk)
    try:
        return Grant.all_objects.select_related("area", "user").get(pk=grant_id, user=user)
    except (Grant.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def grantable_areas(*, actor) -> QuerySet[Area]:
    """Areas inside the actor's account scope, in tree order: what may be granted or set
    as a home area."""
    return Area.objects.for_actor(actor, MANAGE).order_by("path")


def grantable_area_get(actor, area_id) -> Area:
    try:
        return grantable_areas(actor=actor).get(pk=area_id)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


# -- grants waiting for approval (security administrator) -------------------------------------
def _pending_for_actor(actor) -> QuerySet[Grant]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Grant.all_objects.none()
    scope = actor.scope_for(Action.MANAGE_SECURITY)
    if scope.is_empty:
        return Grant.all_objects.none()
    return Grant.all_objects.filter(scope.path_q("area__path"), approved_at__isnull=True)


def pending_grant_list(*, actor) -> QuerySet[Grant]:
    """Grants a system administrator asked for over areas inside the actor's security
    scope, oldest first, with the account, its contact address and who asked."""
    return (_pending_for_actor(actor).select_related("user", "user__home_area", "area",
                                                     "requested_by")
            .order_by("created_at", "id"))


def pending_grant_get_for_actor(actor, grant_id) -> Grant:
    """One pending grant the actor may approve; NotFound when missing, decided or out of
    their scope."""
    try:
        return pending_grant_list(actor=actor).get(pk=grant_id)
    except (Grant.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def may_approve(actor, grant: Grant) -> bool:
    return _pending_for_actor(actor).filter(pk=grant.pk).exists()


# -- lockouts (security administrator) --------------------------------------------------------
@dataclass(frozen=True)
class Lockout:
    username: str
    failures: int
    last_at: dt.datetime
    until: dt.datetime  # when fewer than the limit of failures remain inside the window
    user: User | None


def _lock_ends(username: str, since: dt.datetime) -> dt.datetime:
    """The lock lifts when the failure that made the count reach the limit leaves the
    window: the limit-th most recent failure, plus the window."""
    nth = (LoginFailure.objects.filter(username=username, at__gte=since).order_by("-at")
           .values_list("at", flat=True)[settings.LOGIN_LOCKOUT_FAILURES - 1])
    return nth + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)


def may_unlock(actor, username: str) -> bool:
    """A security administrator lifts lockouts of the accounts inside their security
    scope; names that are not accounts (guesses) only one of the whole territory."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    scope = actor.scope_for(Action.MANAGE_SECURITY)
    if scope.is_empty:
        return False
    if User.objects.filter(username=username).exists():
        return users_in_scope(scope).filter(username=username).exists()
    return _covers_whole_territory(scope)


# A page of lockouts; more at once would mean an attack, which the lockout already stops.
LOCKOUT_LIST_MAX = 100


def lockout_list(*, actor) -> list[Lockout]:
    """Names locked right now (enough failures inside the window) that the actor may
    unlock, most recent first, with when each lock lifts by itself."""
    scope = actor.scope_for(Action.MANAGE_SECURITY)
    if scope.is_empty:
        return []
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_WINDOW_SECONDS)
    rows = list(
        LoginFailure.objects.filter(at__gte=since).values("username")
        .annotate(failures=Count("id"), last_at=Max("at"))
        .filter(failures__gte=settings.LOGIN_LOCKOUT_FAILURES).order_by("-last_at")[:LOCKOUT_LIST_MAX]
    )
    names = [r["username"] for r in rows]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    allowed = set(users_in_scope(scope).filter(username__in=names)
                  .values_list("username", flat=True))
    whole = _covers_whole_territory(scope)
    return [
        Lockout(r["username"], r["failures"], r["last_at"], _lock_ends(r["username"], since),
                users.get(r["username"]))
        for r in rows
        if r["username"] in allowed or (r["username"] not in users and whole)
    ]


# -- the signed-in user's own ----------------------------------------------------------------
def own_grants(user) -> list[Grant]:
    return list(Grant.all_objects.filter(user=user).select_related("area")
                .order_by("area__path", "role"))


def own_tokens(user) -> QuerySet[ApiToken]:
    """The user's live API tokens (never another user's): not revoked and not lapsed
    after settings.API_TOKEN_IDLE_SECONDS without use."""
    cutoff = timezone.now() - dt.timedelta(seconds=settings.API_TOKEN_IDLE_SECONDS)
    return (user.api_tokens.filter(revoked_at__isnull=True)
            .filter(Q(last_used_at__gt=cutoff) | Q(last_used_at__isnull=True, created_at__gt=cutoff))
            .order_by("-created_at", "-id"))


def own_token_get(user, token_id) -> ApiToken:
    try:
        return own_tokens(user).get(pk=token_id)
    except (ApiToken.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
