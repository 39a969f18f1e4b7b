"""The client's address as the audit trail, the sign-in lockout and the rate limits see it.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy. ``X-Forwarded-For`` is believed only
as far as it was written by proxies listed in ``settings.TRUSTED_PROXIES`` (addresses or
networks): walking it from the right, the first address that is not a trusted proxy is the
client. Anything a client put in the header itself sits to the left of that and is ignored,
so a forged header cannot pick another address's lockout or rate-limit bucket.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in spec if s.strip())


def _parse(raw: str | None):
    try:
        return ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return None


def _trusted(addr, networks) -> bool:
    return any(addr.version == n.version and addr in n for n in networks)


def client_ip(request) -> str | None:
    """The address of whoever sent ``request`` (None when unknown)."""
    if request is None:
        return None
    remote = _parse(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    client = remote
    for hop in reversed(hops):
        addr = _parse(hop)
        if addr is None:  # a garbled hop: stop at the last address a proxy vouched for
            break
        client = addr
        if not _trusted(addr, networks):
            break
    return str(client)
