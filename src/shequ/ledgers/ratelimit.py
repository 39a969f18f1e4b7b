"""The limits of the public intake channels (the resident portal): how many attempts one
address, one phone number or one signed-in resident has. The counting itself is
``core.ratelimit`` (fixed windows in a database table, atomic across processes); keys
never hold personal data in clear.
"""

from __future__ import annotations

from django.conf import settings

from shequ.core.ratelimit import Limit

# Attempts from one address; reports per phone number; reports per signed-in resident;
# look-ups of a report's status from one address, and failed look-ups of one report number
# (a phone number cannot be guessed in a handful of tries).
DEFAULT_LIMITS = {
    "ip": Limit("ledgers:ip", 10, 60 * 60),
    "phone": Limit("ledgers:phone", 5, 24 * 60 * 60),
    "user": Limit("ledgers:user", 10, 24 * 60 * 60),
    "status_ip": Limit("ledgers:status_ip", 20, 60 * 60),
    "status_case": Limit("ledgers:status_case", 5, 60 * 60),
}


def limit(name: str) -> Limit:
    """The limit in force: ``LEDGERS_PORTAL_LIMITS = {"ip": (count, seconds), …}`` in
    settings overrides the defaults above."""
    default = DEFAULT_LIMITS[name]
    override = getattr(settings, "LEDGERS_PORTAL_LIMITS", {}).get(name)
    if override:
        return Limit(default.name, int(override[0]), int(override[1]))
    return default


def used(name: str, subject: str | None) -> int:
    return limit(name).used(subject)


def exhausted(name: str, subject: str | None) -> bool:
    """Whether ``subject`` has used up its allowance (False for no subject)."""
    return limit(name).exhausted(subject)


def hit(name: str, subject: str | None) -> int:
    """Count one use; returns the count in the current window (0 for no subject)."""
    return limit(name).hit(subject)
