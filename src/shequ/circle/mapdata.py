"""The map's overlays as GeoJSON, scoped by the actor: grids (and communities) with their
boundaries, buildings coloured by whether they reach one category, and the service points.
Shared by the map page's endpoints and the JSON API. Coordinates are [lng, lat] (GeoJSON)."""

from __future__ import annotations

from django.db.models import Q

from shequ.territory.models import Area, AreaKind, Building

from .models import PointCategory
from .policies import Action
from .selectors import coverage_rows, point_list


def _collection(features: list[dict], **extra) -> dict:
    return {"type": "FeatureCollection", "features": features, **extra}


def points_geojson(*, actor, category: str = "", area_path: str = "") -> dict:
    """Located points as features; the unlocated ones are counted and named (``unlocated``)
    so the map can say which points it cannot draw."""
    labels = dict(PointCategory.choices)
    features, unlocated = [], []
    for p in point_list(actor=actor, category=category, area_path=area_path):
        if not p.located:
            unlocated.append({"id": p.pk, "name": p.name, "category": p.category})
            continue
        features.append({"type": "Feature", "id": p.pk, "geometry": {
            "type": "Point", "coordinates": [float(p.lng), float(p.lat)]}, "properties": {
            "name": p.name, "category": p.category, "category_label": str(labels[p.category]),
            "address": p.address, "opening_hours": p.opening_hours, "open": p.is_active}})
    return _collection(features, unlocated=unlocated)


def buildings_geojson(*, actor, category: str = "", area_path: str = "") -> dict:
    """Located buildings; with a category each carries ``covered`` (true, false, or null
    before the circle is computed) and the walking distance to the nearest point."""
    qs = Building.objects.for_actor(actor, Action.VIEW_CIRCLE).filter(
        lat__isnull=False, lng__isnull=False)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    cover = {}
    if category:
        cover = {b: (c, d) for b, c, d in coverage_rows(
            actor=actor, area_path=area_path, category=category)
            .values_list("building_id", "covered", "distance_m")}
    features = []
    for pk, name, compound, lat, lng in qs.values_list("pk", "name", "compound__name", "lat",
                                                       "lng").order_by("path", "pk"):
        covered, distance = cover.get(pk, (None, None))
        features.append({"type": "Feature", "id": pk, "geometry": {
            "type": "Point", "coordinates": [float(lng), float(lat)]}, "properties": {
            "name": f"{compound or ''}{name}", "covered": covered, "distance_m": distance}})
    return _collection(features, category=category)


def grids_geojson(*, actor, area_path: str = "") -> dict:
    """Grids and communities that have a boundary."""
    qs = Area.objects.for_actor(actor, Action.VIEW_CIRCLE).filter(
        Q(kind=AreaKind.GRID) | Q(kind=AreaKind.COMMUNITY), polygon__isnull=False)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    return _collection([{"type": "Feature", "id": a.pk, "geometry": a.polygon, "properties": {
        "name": a.name, "kind": a.kind}} for a in qs.order_by("path")])
