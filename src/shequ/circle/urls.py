from django.contrib.auth.decorators import login_required
from django.urls import path

from .views import coverage, geo, points

app_name = "circle"

urlpatterns = [
    path("", login_required(coverage.coverage), name="coverage"),
    path("compute/", login_required(coverage.compute), name="compute"),
    path("gaps/", coverage.GapList.as_view(), name="gap-list"),
    path("points/", points.PointList.as_view(), name="point-list"),
    path("points/new/", points.PointNew.as_view(), name="point-new"),
    path("points/<int:point_id>/", points.PointEdit.as_view(), name="point-edit"),
    path("map/", login_required(geo.map_page), name="map"),
    path("map/points.geojson", login_required(geo.geo_points), name="geo-points"),
    path("map/buildings.geojson", login_required(geo.geo_buildings), name="geo-buildings"),
    path("map/grids.geojson", login_required(geo.geo_grids), name="geo-grids"),
]
