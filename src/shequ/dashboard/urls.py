from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:area_id>/", views.area_page, name="area"),
    path("<int:area_id>/screen/", views.screen, name="screen"),
    path("<int:area_id>/screen/data.json", views.screen_data, name="screen-data"),
    path("<int:area_id>/screen/geo.json", views.screen_geo, name="screen-geo"),
    path("<int:area_id>/<str:key>/", views.figure_page, name="figure"),
]
