"""Grants of roles over areas, and their approval by the security administrator
(三权分立, see the package docstring)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import is_system, user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.territory.models import Area

from .. import selectors
from ..models import Grant, User
from ..roles import (
    ADMIN_ROLES,
    DATA_ROLES,
    EXCLUSIVE_ADMIN_ROLES,
    OPERATOR_MANAGED_ROLES,
    Action,
    Role,
)
from .checks import _check_area_in_scope, _check_manages_user
from .codes import AccountErrorCode
from .tokens import _revoke_all_tokens


def _check_duties(user: User, role: str) -> None:
    """三权分立: the three administrator roles exclude each other, and no administrator
    holds a role over people's data (pending grants count: a request is refused as early
    as the grant)."""
    held = set(Grant.all_objects.filter(user=user).values_list("role", flat=True))
    clash = ((role in EXCLUSIVE_ADMIN_ROLES and (held - {role}) & EXCLUSIVE_ADMIN_ROLES)
             or (role in ADMIN_ROLES and held & DATA_ROLES)
             or (role in DATA_ROLES and held & ADMIN_ROLES))
    if clash:
        raise DomainError(
            _("System, security and audit administration are held by different people, "
              "and never together with a role over people's data."),
            code=AccountErrorCode.SEPARATION_OF_DUTIES, field="role",
        )


@transaction.atomic
def grant_add(*, actor, user: User, role: str, area: Area) -> Grant:
    """Give ``user`` ``role`` over ``area``. The administrator roles stay apart from each
    other and from the data roles (三权分立), and only the command line grants the
    security and audit roles; an administrator grants only inside their own scope, to
    accounts in their care, and never to themselves. A data role granted by an
    administrator is pending until a security administrator approves it
    (``grant_approve``); the command line's grants take effect at once."""
    _check_manages_user(actor, user)
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role")
    if not is_system(actor) and role in OPERATOR_MANAGED_ROLES:
        raise DomainError(
            _("Security and audit administrators are managed by the operator on the command "
              "line, not by a system administrator."),
            code=AccountErrorCode.SEPARATION_OF_DUTIES, field="role",
        )
    _check_area_in_scope(actor, area, "area")
    # One grant change per account at a time, so two requests cannot each pass the
    # duty check against the other's grant.
    User.objects.select_for_update().filter(pk=user.pk).first()
    _check_duties(user, role)
    if role == Role.GRID_WORKER and area.kind != "grid":
        raise DomainError(_("A grid worker is granted grids."), field="area")
    if Grant.all_objects.filter(user=user, role=role, area=area).exists():
        raise DomainError(_("This account already holds this role over this area."),
                          code=ErrorCode.DUPLICATE, field="role")
    pending = not is_system(actor) and role in DATA_ROLES
    grant = Grant.all_objects.create(user=user, role=role, area=area,
                                     requested_by=user_of(actor),
                                 approved_at=None if pending else timezone.now())
    audit.record(actor=actor, action="grant_request" if pending else "grant", entity="user",
                 entity_id=user.pk, summary=f"{user.username} {role} {area.path}",
                 after={"role": role, "area": area.path, "pending": pending})
    user.forget_grants()
    return grant


def _check_approver(actor, grant: Grant) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.can(Action.MANAGE_SECURITY):
        raise Forbidden()
    if not selectors.may_approve(actor, grant):
        raise NotFound(field="grant")


@transaction.atomic
def grant_approve(*, actor, grant: Grant) -> Grant:
    """A security administrator lets a pending grant take effect (inside their security
    scope). The account's sessions keep going; its scope widens on the next request."""
    _check_approver(actor, grant)
    User.objects.select_for_update().filter(pk=grant.user_id).first()
    now = timezone.now()
    if not Grant.all_objects.filter(pk=grant.pk, approved_at__isnull=True).update(
            approved_at=now, approved_by=actor):
        raise Conflict(_("This grant is not waiting for approval."),
                       code=AccountErrorCode.NOT_PENDING)
    grant.approved_at, grant.approved_by = now, actor
    audit.record(actor=actor, action="grant_approve", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 after={"role": grant.role, "area": grant.area.path})
    grant.user.forget_grants()
    return grant


@transaction.atomic
def grant_reject(*, actor, grant: Grant, reason: str = "") -> None:
    """A security administrator refuses a pending grant; it is deleted (the audit trail
    keeps the request and the refusal)."""
    _check_approver(actor, grant)
    if not Grant.all_objects.filter(pk=grant.pk, approved_at__isnull=True).delete()[0]:
        raise Conflict(_("This grant is not waiting for approval."),
                       code=AccountErrorCode.NOT_PENDING)
    audit.record(actor=actor, action="grant_reject", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 before={"role": grant.role, "area": grant.area.path}, reason=reason)


@transaction.atomic
def grant_remove(*, actor, grant: Grant) -> None:
    """Take a role over an area away from an account in the actor's care (or withdraw a
    pending request). The account's API tokens are revoked: a token must not keep a
    scope its owner no longer has, and a new one is issued under the new grants."""
    _check_manages_user(actor, grant.user)
    grant.delete()
    tokens = _revoke_all_tokens(grant.user)
    audit.record(actor=actor, action="revoke", entity="user", entity_id=grant.user_id,
                 summary=f"{grant.user.username} {grant.role} {grant.area.path}",
                 before={"role": grant.role, "area": grant.area.path,
                         "pending": grant.is_pending},
                 after={"tokens_revoked": tokens})
    grant.user.forget_grants()
