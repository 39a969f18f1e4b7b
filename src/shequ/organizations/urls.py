from django.urls import path

from . import setup_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.party_org_list, name="party-org-list"),
    path("new/", setup_views.PartyOrgNew.as_view(), name="party-org-new"),
    path("<int:org_id>/", setup_views.party_org_setup, name="party-org-setup"),
    path("units/", setup_views.UnitList.as_view(), name="unit-list"),
    path("units/new/", setup_views.UnitNew.as_view(), name="unit-new"),
    path("units/<int:unit_id>/", setup_views.unit_setup, name="unit-setup"),
]
