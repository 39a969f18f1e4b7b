from django.urls import path

from . import views

app_name = "coverage"
urlpatterns = [
    path("", views.checklist, name="checklist"),
    path("areas/<int:area_id>/", views.checklist, name="area-checklist"),
    path("areas/<int:area_id>/<slug:key>/", views.Records.as_view(), name="records"),
]
