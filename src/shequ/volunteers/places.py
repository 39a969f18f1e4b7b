"""The communities and grids where an actor holds an action, for the volunteers' list
filters (the shared place helpers, ``communities_for``, ``community_of`` and
``community_path``, are in ``territory.selectors``)."""

from __future__ import annotations


def areas_for(actor, action: str):
    """Communities and grids where the actor holds ``action``, for list filters."""
    from shequ.territory.models import Area
    return Area.objects.for_actor(actor, action).filter(
        kind__in=("community", "grid")).order_by("path")
