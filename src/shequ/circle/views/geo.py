"""The service map (Leaflet, vendored) and its GeoJSON overlays, scoped by the actor. The
page carries no script of its own: ``static/shequ/circle-map.js`` reads the overlay URLs
and the tile URL (setting ``CIRCLE_TILE_URL``; empty: no tiles, the map works offline)
from data attributes."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shequ.core import kit

from .. import mapdata
from ..models import PointCategory
from ..policies import Action


def _category(request) -> str:
    value = request.GET.get("category", "")
    return value if value in PointCategory.values else ""


def map_page(request):
    kit.need(request.user, Action.VIEW_CIRCLE)
    return render(request, "circle/map.html", {
        "title": _("Service map"), "categories": PointCategory.choices,
        "category": _category(request) or PointCategory.CLINIC,
        "tile_url": getattr(settings, "CIRCLE_TILE_URL", ""),
        "tile_attribution": getattr(settings, "CIRCLE_TILE_ATTRIBUTION", "")})


def geo_points(request):
    kit.need(request.user, Action.VIEW_CIRCLE)
    return JsonResponse(mapdata.points_geojson(actor=request.user, category=_category(request)))


def geo_buildings(request):
    kit.need(request.user, Action.VIEW_CIRCLE)
    return JsonResponse(mapdata.buildings_geojson(actor=request.user,
                                                  category=_category(request)))


def geo_grids(request):
    kit.need(request.user, Action.VIEW_CIRCLE)
    return JsonResponse(mapdata.grids_geojson(actor=request.user))
