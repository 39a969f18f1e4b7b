from django.urls import path

from . import setup_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.party_org_list, name="party-org-list"),
    path("new/", setup_views.party_org_new, name="party-org-new"),
    path("<int:org_id>/", setup_views.party_org_setup, name="party-org-setup"),
    path("units/", setup_views.unit_list, name="unit-list"),
    path("units/new/", setup_views.unit_new, name="unit-new"),
    path("units/<int:unit_id>/", setup_views.unit_setup, name="unit-setup"),
]
