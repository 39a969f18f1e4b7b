"""Reads for the set-up import pages."""

from __future__ import annotations

from shequ.territory.models import Area

from .models import SetupImportJob


def areas_for_import(user, kinds) -> list[Area]:
    """The areas ``user`` may import some of ``kinds`` into: in their scope for each kind's
    action, at the levels the kind goes into."""
    seen: dict[int, Area] = {}
    for kind in kinds:
        scope = user.scope_for(kind.action)
        for a in Area.objects.in_scope(scope).filter(kind__in=kind.into_kinds):
            seen[a.pk] = a
    return sorted(seen.values(), key=lambda a: a.path)


def jobs_of(user, limit: int = 20):
    """The user's own latest set-up imports (nobody sees another's files)."""
    return SetupImportJob.objects.filter(created_by=user).select_related("into")[:limit]
