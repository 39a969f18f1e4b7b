"""The retention schedule: how long each category of data is kept, and what happens after
(PIPL art. 19: no longer than the purpose needs; MLPS 剩余信息保护).

The periods live in ``settings.RETENTION_DAYS`` (category → days), the one place an
operator changes them. Each app registers what enforces its categories from
``AppConfig.ready()`` with :func:`register`, so core never imports an app. ``shequ
retention`` (run nightly) applies every registered category whose period has passed, writes
one audit row per category that changed something, and with ``--dry-run`` only counts. A
category in the schedule that no app enforces is reported, never silently skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone


class Disposal:
    DELETE = "delete"
    ANONYMISE = "anonymise"
    ARCHIVE = "archive"


@dataclass(frozen=True)
class Policy:
    """One category: ``apply(cutoff=…, dry_run=…)`` disposes of (or, dry, counts) the
    records older than ``cutoff`` and returns how many there were."""

    category: str
    label: str
    disposal: str
    apply: Callable[..., int]


@dataclass(frozen=True)
class Outcome:
    category: str
    label: str
    disposal: str
    days: int | None
    cutoff: dt.datetime | None
    count: int | None  # None: nobody enforces this category


_policies: dict[str, Policy] = {}


def register(*, category: str, label: str, disposal: str, apply: Callable[..., int]) -> None:
    """Enforce ``category`` (a key of ``settings.RETENTION_DAYS``) with ``apply``."""
    _policies[category] = Policy(category, label, disposal, apply)


def schedule() -> dict[str, int]:
    return dict(getattr(settings, "RETENTION_DAYS", {}))


def run(*, dry_run: bool, now: dt.datetime | None = None,
        only: set[str] | None = None) -> list[Outcome]:
    """Apply (or count, with ``dry_run``) every category of the schedule; each category
    runs in its own transaction and is audited when it changed something."""
    from django.db import transaction

    from . import audit
    from .actors import SYSTEM

    now = now or timezone.now()
    outcomes = []
    for category, days in sorted(schedule().items()):
        if only and category not in only:
            continue
        policy = _policies.get(category)
        if policy is None:
            outcomes.append(Outcome(category, category, "", days, None, None))
            continue
        cutoff = now - dt.timedelta(days=days)
        with transaction.atomic():
            count = policy.apply(cutoff=cutoff, dry_run=dry_run)
            if count and not dry_run:
                audit.record(actor=SYSTEM, action="retention", entity=category,
                             entity_id=cutoff.date().isoformat(),
                             summary=f"{policy.disposal} {count} ({days} days)",
                             after={"disposal": policy.disposal, "count": count,
                                    "days": days, "cutoff": cutoff.isoformat()})
        outcomes.append(Outcome(category, policy.label, policy.disposal, days, cutoff, count))
    return outcomes
