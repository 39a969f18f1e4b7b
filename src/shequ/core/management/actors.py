"""Who a management command acts as."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def actor_from(username: str | None):
    """The user a command acts as; None (the system) when no --actor is given."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user
