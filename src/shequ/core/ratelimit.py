"""Fixed-window rate limits shared by every process, in one database table.

A window starts at the first hit of a key and lasts its full length: later hits neither
extend nor shorten it, and the first hit after it ends starts a new one at 1. Counting is
one ``INSERT … ON CONFLICT DO UPDATE SET hits = hits + 1 … RETURNING`` statement (SQLite
≥ 3.35 and PostgreSQL alike), so two processes hitting the same key at the same moment
each get their own count and none is lost. (Django's cache cannot promise this: on the
database cache ``incr`` is a read and a write, and it resets the expiry to the cache's
default timeout of five minutes.)

Keys never hold personal data in clear: a subject (an IP address, a phone hash, a user
id) is keyed by the same HMAC as the stored phone hashes before it becomes part of a key.
Expired rows are deleted now and then by ``hit`` itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from . import crypto
from .models import RateCounter

PURGE_EVERY = 500  # hits between two deletions of expired windows (per process)
_hits_since_purge = 0

_HIT_SQL = """
INSERT INTO {table} ({key}, {hits}, {expires}) VALUES (%s, 1, %s)
ON CONFLICT ({key}) DO UPDATE SET
  {hits} = CASE WHEN {table}.{expires} > %s THEN {table}.{hits} + 1 ELSE 1 END,
  {expires} = CASE WHEN {table}.{expires} > %s THEN {table}.{expires}
                   ELSE excluded.{expires} END
RETURNING {hits}
"""


def _sql() -> str:
    qn = connection.ops.quote_name
    return _HIT_SQL.format(table=qn(RateCounter._meta.db_table), key=qn("key"),
                           hits=qn("hits"), expires=qn("expires_at"))


def key_for(name: str, subject: str) -> str:
    """The counter key of ``subject`` under the limit ``name``; the subject is hashed."""
    return f"{name}:{crypto.blind_index('ratelimit', subject)[:32]}"


def hit(key: str, *, seconds: int) -> int:
    """Count one hit of ``key`` in its window of ``seconds`` (started now if none is
    running); returns the hits in the window so far, this one included."""
    global _hits_since_purge
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(_sql(), [key, adapt(now + dt.timedelta(seconds=seconds)),
                                adapt(now), adapt(now)])
        count = cursor.fetchone()[0]
    _hits_since_purge += 1
    if _hits_since_purge >= PURGE_EVERY:
        _hits_since_purge = 0
        RateCounter.objects.filter(expires_at__lte=now).delete()
    return count


def used(key: str) -> int:
    """Hits of ``key`` in its running window (0 if none is running)."""
    row = RateCounter.objects.filter(key=key, expires_at__gt=timezone.now()).first()
    return row.hits if row else 0


@dataclass(frozen=True)
class Limit:
    """At most ``count`` hits per subject in a window of ``seconds``; ``name`` keeps
    the counters of different limits apart."""

    name: str
    count: int
    seconds: int

    def hit(self, subject: str | None) -> int:
        """Count one use by ``subject``; returns its count in the window (0, and nothing
        counted, for no subject)."""
        if not subject:
            return 0
        return hit(key_for(self.name, subject), seconds=self.seconds)

    def used(self, subject: str | None) -> int:
        return used(key_for(self.name, subject)) if subject else 0

    def exhausted(self, subject: str | None) -> bool:
        """Whether ``subject`` has used up its allowance (False for no subject)."""
        return self.used(subject) >= self.count
