"""Read-only look-ups of the sign-up app, for its pages and API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from shequ.accounts.roles import Action
from shequ.core.errors import NotFound

from .models import Invitation


def pending_invitations(resident) -> int:
    """How many of a resident's invitations are still open (unused, not expired). The
    caller has already fetched ``resident`` through the registry's scoped selector."""
    return Invitation.objects.filter(resident=resident, used_at__isnull=True,
                                     expires_at__gt=timezone.now()).count()


def open_invitation_list(*, actor, q: str = "") -> QuerySet[Invitation]:
    """Open invitations (unused, not revoked, not expired) of residents whose records the
    actor may edit, newest first; ``q`` narrows by the resident's name."""
    qs = (Invitation.objects.for_actor(actor, Action.EDIT_PEOPLE)
          .filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())
          .select_related("resident", "issued_by").order_by("-pk"))
    if q:
        qs = qs.filter(resident__name__contains=q.strip())
    return qs


def invitation_get_for_actor(actor, invitation_id) -> Invitation:
    """One invitation in the actor's view of people; NotFound for missing and out of scope."""
    try:
        return (Invitation.objects.for_actor(actor, Action.VIEW_PEOPLE)
                .select_related("resident", "issued_by").get(pk=invitation_id))
    except (Invitation.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
