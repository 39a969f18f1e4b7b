from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("areas/<int:area_id>/", views.area, name="area"),
    path("buildings/<int:building_id>/", views.building, name="building"),
    path("grids/", views.grid_list, name="grid-list"),
]
