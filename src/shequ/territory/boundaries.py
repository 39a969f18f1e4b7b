"""A grid's boundary as offices upload it: GeoJSON, checked before it is stored
(``services.grid_boundary_set``). Pure: no database, no permissions."""

from __future__ import annotations

import json

import shapely
import shapely.geometry
import shapely.validation
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError


def parse_boundary(geojson) -> dict:
    """A GeoJSON Polygon or MultiPolygon (bare, or as the one Feature of a file) as a valid
    geometry in longitude/latitude degrees; refused with a reason otherwise."""
    if isinstance(geojson, bytes | str):
        try:
            geojson = json.loads(geojson)
        except (ValueError, UnicodeDecodeError, RecursionError):
            raise DomainError(_("The boundary file is not JSON."), field="boundary") from None
    if isinstance(geojson, dict) and geojson.get("type") == "FeatureCollection":
        features = geojson.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise DomainError(_("The file must hold exactly one feature: the grid's boundary."),
                              field="boundary")
        geojson = features[0]
    if isinstance(geojson, dict) and geojson.get("type") == "Feature":
        geojson = geojson.get("geometry")
    if not isinstance(geojson, dict):
        raise DomainError(_("The boundary is not a GeoJSON object."), field="boundary")
    if geojson.get("type") not in ("Polygon", "MultiPolygon"):
        raise DomainError(_("A boundary must be a Polygon or MultiPolygon."), field="boundary")
    try:
        geometry = shapely.geometry.shape(geojson)
        empty = geometry.is_empty or geometry.area == 0
        bounds = geometry.bounds
        valid = geometry.is_valid
    except Exception:  # noqa: BLE001 - untrusted input: any parse failure is the same refusal
        raise DomainError(_("The polygon's coordinates are malformed."),
                          field="boundary") from None
    if empty:
        raise DomainError(_("The polygon encloses no area."), field="boundary")
    minx, miny, maxx, maxy = bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise DomainError(_("Coordinates must be longitude, latitude in degrees."),
                          field="boundary")
    if not valid:
        raise DomainError(
            _("The polygon is not valid: %(why)s.")
            % {"why": shapely.validation.explain_validity(geometry)}, field="boundary")
    return dict(shapely.geometry.mapping(geometry))
