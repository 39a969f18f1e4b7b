from django.urls import path

from . import setup_views, views

app_name = "territory"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("areas/<int:area_id>/", views.area, name="area"),
    path("buildings/<int:building_id>/", views.building, name="building"),
    path("grids/", views.grid_list, name="grid-list"),
    path("areas/<int:area_id>/setup/", setup_views.area_setup, name="area-setup"),
]
