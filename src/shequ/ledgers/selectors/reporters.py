"""The registered residents staff may name as a case's reporter, read through the
registry's own scoped selectors: a case reaches a resident's "My reports" only when staff
chose or confirmed the person, and only people the staff member may see are offered."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from shequ.core.errors import NotFound
from shequ.core.textsearch import to_simplified
from shequ.core.validators import parse_phone
from shequ.registry import selectors as registry
from shequ.registry.models import Resident

MAX_MATCHES = 5


def _name_key(name: str) -> str:
    return to_simplified("".join((name or "").split()))


def reporter_candidates(*, actor, name: str, phone: str) -> list[Resident]:
    """Registered residents in the actor's area with this phone and, when a name is given,
    this name (simplified and traditional characters alike)."""
    try:
        phone = parse_phone(phone or "")
    except ValidationError:
        return []
    found = registry.resident_list(actor=actor, filters=registry.ResidentFilters(q=phone))
    wanted = _name_key(name)
    return [r for r in found[:MAX_MATCHES] if not wanted or _name_key(r.name) == wanted]


def reporter_get_for_actor(actor, resident_id) -> Resident:
    """One registered resident the actor may name as a reporter; NotFound otherwise."""
    resident = registry.resident_get_for_actor(actor, resident_id)
    if not resident.is_active:
        raise NotFound()
    return resident
