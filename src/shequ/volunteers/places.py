"""Territory look-ups the volunteers sub-domains share: the communities (and grids) where
an actor holds an action, and the community of a path or of a resident's home."""

from __future__ import annotations


def communities_for(actor, action: str):
    """Communities where the actor holds ``action``; a grid worker's grid counts for its
    community (they post needs for the whole community's volunteers to see)."""
    from shequ.territory.models import Area
    qs = Area.objects.for_actor(actor, action).filter(kind="community")
    if qs.exists():
        return qs
    paths = {".".join(p.split(".")[:3]) for p in actor.scope_for(action).paths}
    return Area.objects.filter(kind="community", path__in=paths)


def areas_for(actor, action: str):
    """Communities and grids where the actor holds ``action``, for list filters."""
    from shequ.territory.models import Area
    return Area.objects.for_actor(actor, action).filter(
        kind__in=("community", "grid")).order_by("path")


def home_community(resident):
    """The community a resident lives in."""
    from shequ.territory.models import Area
    return Area.objects.filter(kind="community", path=community_path(resident.path)).first()


def community_path(path: str) -> str:
    """The community part (district.street.community) of a territory path."""
    return ".".join(path.split(".")[:3])
