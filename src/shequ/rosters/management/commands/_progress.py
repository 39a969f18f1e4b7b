"""A progress bar on stderr when it is a terminal; silence otherwise (pipes, cron, CI)."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from shequ.core.actors import SYSTEM

PHASES = {"check": "检查 checking", "write": "写入 writing", "update": "更新 updating",
          "export": "导出 exporting"}


@contextmanager
def progress_bar(enabled: bool | None = None):
    """Yields a callback(phase, done, total)."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda phase, done, total: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                  transient=False) as bar:
        tasks: dict[str, int] = {}

        def update(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = bar.add_task(PHASES.get(phase, phase), total=total or None)
            bar.update(tasks[phase], completed=done, total=total or None)

        yield update


def actor_from(username: str | None):
    """The user a command acts as; the system (SYSTEM) when no --actor is given."""
    if not username:
        return SYSTEM
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active user {username!r}.")
    return user
