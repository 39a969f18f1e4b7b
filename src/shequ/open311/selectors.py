"""Open311 reads that are not the ledger's: the district a jurisdiction_id names."""

from __future__ import annotations

from shequ.territory.models import Area, AreaKind


def district_by_code(code: str) -> Area | None:
    """jurisdiction_id is the code of a district served by this installation."""
    return Area.objects.filter(code=code, kind=AreaKind.DISTRICT).first()
