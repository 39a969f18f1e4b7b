"""Background work of the dashboard (django-tasks: the database queue run by ``shequ
worker``; the immediate backend in tests): refreshing the cached figures."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_figures() -> int:
    """Recompute every cached figure for the running month, quarter and year."""
    from shequ.core.actors import SYSTEM

    from .services import figures_refresh

    return figures_refresh(actor=SYSTEM)


def queue_refresh() -> None:
    """Ask the worker for a refresh, unless one is already waiting (a page that finds a
    cached figure missing or stale calls this; many pages, one refresh)."""
    from django.db import transaction

    from shequ.core import workers

    if refresh_figures.get_backend().supports_defer and workers.queued_not_started(
            refresh_figures):
        return
    transaction.on_commit(refresh_figures.enqueue)
