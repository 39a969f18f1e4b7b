"""Fixed-window counters in Django's cache for the public intake channels (the resident
portal). Keys never hold personal data in clear: an IP address or phone number is keyed
by the same HMAC as the stored phone hashes.

The counters live in whatever cache ``CACHES["default"]`` is. The per-process memory
cache (Django's default) counts per web process; deployments running several processes
configure a shared cache (database, Redis, memcached) so the limits hold across them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from shequ.core import crypto


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int


# Attempts from one address; reports per phone number; reports per signed-in resident;
# look-ups of a report's status from one address, and failed look-ups of one report number
# (a phone number cannot be guessed in a handful of tries).
DEFAULT_LIMITS = {
    "ip": Limit("ip", 10, 60 * 60),
    "phone": Limit("phone", 5, 24 * 60 * 60),
    "user": Limit("user", 10, 24 * 60 * 60),
    "status_ip": Limit("status_ip", 20, 60 * 60),
    "status_case": Limit("status_case", 5, 60 * 60),
}


def limit(name: str) -> Limit:
    """The limit in force: ``LEDGERS_PORTAL_LIMITS = {"ip": (count, seconds), …}`` in
    settings overrides the defaults above."""
    override = getattr(settings, "LEDGERS_PORTAL_LIMITS", {}).get(name)
    if override:
        return Limit(name, int(override[0]), int(override[1]))
    return DEFAULT_LIMITS[name]


def _key(name: str, subject: str) -> str:
    return f"ledgers:rl:{name}:{crypto.blind_index('ratelimit', subject)[:32]}"


def used(name: str, subject: str) -> int:
    return int(cache.get(_key(name, subject)) or 0)


def exhausted(name: str, subject: str | None) -> bool:
    """Whether ``subject`` has used up its allowance (False for no subject)."""
    return bool(subject) and used(name, subject) >= limit(name).count


def hit(name: str, subject: str | None) -> int:
    """Count one use; returns the count in the current window. ``add`` starts a window
    only if none is running and ``incr`` is atomic in every cache backend Django ships."""
    if not subject:
        return 0
    key, lim = _key(name, subject), limit(name)
    cache.add(key, 0, timeout=lim.seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=lim.seconds)
        return 1
