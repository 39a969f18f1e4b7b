"""Per-process copies of what staff rarely change: the active categories and the holiday
calendar, read by every intake (the category, the working-day deadline).

Each copy is stamped with a version kept in the shared cache (the database cache, so it is
written in the same transaction as the change). Saving or deleting a ``Category`` or a
``Holiday`` writes a new version (signals, ``apps.py``); every read compares the stamp with
the shared version, one indexed lookup instead of the queries it replaces, and reloads on a
difference (once per request: the first read of a request compares, the others reuse that
answer). A rolled-back change leaves the older version behind: also a difference, so a
process never keeps what was not committed. Writes that bypass the model signals
(``QuerySet.update``, ``bulk_create``) must call ``changed()``.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

from django.core.cache import cache

VERSION_KEY = "ledgers:reference-version"

# Replaced whole (never changed in place), so threads read one consistent copy.
_memo: dict | None = None
_thread = threading.local()


def changed(**_kwargs) -> None:
    """Categories or holidays changed: every process reloads its copy at its next read."""
    global _memo
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    _memo = None


def request_started(**_kwargs) -> None:
    """Within one request the version is compared once (signals, ``apps.py``)."""
    _thread.verified = None
    _thread.in_request = True


def request_finished(**_kwargs) -> None:
    _thread.verified = None
    _thread.in_request = False


def _current() -> dict:
    global _memo
    memo = _memo
    if memo is not None and getattr(_thread, "verified", None) is memo:
        return memo
    version = cache.get(VERSION_KEY)
    if memo is not None and memo["version"] == version:
        if getattr(_thread, "in_request", False):
            _thread.verified = memo
        return memo
    from .models import Category, Holiday

    categories = list(Category.objects.filter(is_active=True).order_by("ledger", "order", "id"))
    fresh = {
        "version": version,
        "categories": {**{c.code: c for c in categories}, **{c.pk: c for c in categories}},
        "holidays": dict(Holiday.objects.values_list("date", "is_workday")),
    }
    _memo = fresh
    if getattr(_thread, "in_request", False):
        _thread.verified = fresh
    return fresh


def active_category(code_or_id) -> object | None:
    """The active category by code or id, or None. Shared by the process's threads: read
    it, never change it."""
    key = int(code_or_id) if str(code_or_id).isdigit() else code_or_id
    return _current()["categories"].get(key)


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    """The calendar's overrides from ``start`` to ``end`` inclusive: date → is a workday."""
    return {d: w for d, w in _current()["holidays"].items() if start <= d <= end}
