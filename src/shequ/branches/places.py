"""Names of the street and community above branch places, read once for a whole list."""

from __future__ import annotations

from collections.abc import Iterable

from shequ.territory.models import Area


def place_names(paths: Iterable[str]) -> dict[str, str]:
    """The names of the streets and communities holding ``paths`` (one query)."""
    wanted = set()
    for p in paths:
        parts = p.split(".")
        wanted.update({".".join(parts[:2]), ".".join(parts[:3])})
    return dict(Area.objects.filter(path__in=wanted).values_list("path", "name"))
