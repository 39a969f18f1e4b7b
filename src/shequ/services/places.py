"""Where a catalogue item is offered and who is offered home service.

An item sits at the area that offers it; a resident may ask for it when that area is
their home's area or one above it (a district's item is offered in every community). The
areas above a path are its prefixes cut at the dots, so the test is an exact
``path IN (…)`` — a handful of index look-ups whatever the catalogue's size."""

from __future__ import annotations

# registry's tags (migration 0002_default_tags): 独居老人, 残疾人.
HOME_SERVICE_TAGS = ("elderly_alone", "disabled")


def ancestor_paths(path: str) -> list[str]:
    """``01.03.012.007`` → ``01``, ``01.03``, ``01.03.012``, ``01.03.012.007``."""
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def is_offered_at(item, path: str) -> bool:
    return item.path in ancestor_paths(path)


def needs_home_service(resident) -> bool:
    """Whether the resident carries one of the home-service tags (elderly living alone,
    disabled)."""
    return resident.tags.filter(code__in=HOME_SERVICE_TAGS).exists()
