"""Reads for the set-up import pages."""

from __future__ import annotations

from shequ.territory.models import Area


def areas_for_import(user, kinds) -> list[Area]:
    """The areas ``user`` may import some of ``kinds`` into: in their scope for each kind's
    action, at the levels the kind goes into."""
    seen: dict[int, Area] = {}
    for kind in kinds:
        scope = user.scope_for(kind.action)
        for a in Area.objects.in_scope(scope).filter(kind__in=kind.into_kinds):
            seen[a.pk] = a
    return sorted(seen.values(), key=lambda a: a.path)
