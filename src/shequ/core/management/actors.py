"""Who a management command acts as."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from shequ.core.actors import SYSTEM


def actor_from(username: str | None):
    """The user a command acts as; the system (SYSTEM) when no --actor is given."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user
