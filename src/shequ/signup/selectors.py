"""Read-only look-ups of the sign-up app, for its pages and API."""

from __future__ import annotations

from django.utils import timezone

from .models import Invitation


def pending_invitations(resident) -> int:
    """How many of a resident's invitations are still open (unused, not expired). The
    caller has already fetched ``resident`` through the registry's scoped selector."""
    return Invitation.objects.filter(resident=resident, used_at__isnull=True,
                                     expires_at__gt=timezone.now()).count()
