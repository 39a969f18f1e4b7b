"""Per-process copies of what staff rarely change: the active categories and the holiday
calendar, read by every intake (the category, the working-day deadline).

Each copy is stamped with a version kept in the shared cache (the database cache, so it is
written in the same transaction as the change). Saving or deleting a ``Category`` or a
``Holiday`` writes a new version (signals, ``apps.py``) and drops this process's copy at
once; the other processes compare their stamp with the shared version at most once every
``CHECK_SECONDS`` (one indexed lookup, shared by the process's threads) and reload on a
difference, so a change reaches every intake within a second. (Comparing on every request
was one statement of an intake's eleven.) A rolled-back change leaves the older version
behind: also a difference, so a process never keeps what was not committed for longer.
Writes that bypass the model signals (``QuerySet.update``, ``bulk_create``) must call
``changed()``.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid

from django.core.cache import cache

VERSION_KEY = "ledgers:reference-version"

CHECK_SECONDS = 1.0
_clock = time.monotonic

# Replaced whole (never changed in place, but for its "checked" time), so threads read one
# consistent copy.
_memo: dict | None = None


def changed(**_kwargs) -> None:
    """Categories or holidays changed: this process reloads its copy at its next read, the
    others within ``CHECK_SECONDS``."""
    global _memo
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _memo = None


def forget() -> None:
    """Drop this process's copy without publishing a change (tests: the rows it holds were
    rolled back)."""
    global _memo
    _memo = None


def _current() -> dict:
    global _memo
    memo = _memo
    now = _clock()
    if memo is not None and now - memo["checked"] < CHECK_SECONDS:
        return memo
    version = cache.get(VERSION_KEY)
    if memo is not None and memo["version"] == version:
        memo["checked"] = now
        return memo
    from .models import Category, Holiday

    categories = list(Category.objects.filter(is_active=True).order_by("ledger", "order", "id"))
    _memo = fresh = {
        "version": version, "checked": now,
        "categories": {**{c.code: c for c in categories}, **{c.pk: c for c in categories}},
        "holidays": dict(Holiday.objects.values_list("date", "is_workday")),
    }
    return fresh


def active_category(code_or_id) -> object | None:
    """The active category by code or id, or None. Shared by the process's threads: read
    it, never change it."""
    key = int(code_or_id) if str(code_or_id).isdigit() else code_or_id
    return _current()["categories"].get(key)


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """The calendar's overrides from ``start`` to ``end`` inclusive: date → is a workday."""
    return {d: w for d, w in _current()["holidays"].items() if start <= d <= end}
