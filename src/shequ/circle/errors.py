"""Error codes of the 15-minute circle (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class CircleErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found…) are ``core.errors.ErrorCode``."""

    BAD_CATEGORY = "point_category_unknown"
    BAD_COORDINATES = "coordinates_out_of_range"
    HALF_COORDINATES = "coordinates_incomplete"
    NOT_A_COMMUNITY = "point_area_not_community"
    BAD_GRAPH = "street_graph_unreadable"
    BAD_PARAMETER = "walk_parameter_out_of_range"
    NOT_COMPUTED = "coverage_not_computed"
