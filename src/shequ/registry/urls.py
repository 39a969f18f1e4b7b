from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.ResidentList.as_view(), name="resident-list"),
    path("<int:resident_id>/", views.resident_detail, name="resident-detail"),
    path("<int:resident_id>/edit/", views.ResidentEdit.as_view(), name="resident-edit"),
    path("<int:resident_id>/deactivate/", views.resident_deactivate, name="resident-deactivate"),
    path("<int:resident_id>/reveal/<str:field>/", views.resident_reveal, name="resident-reveal"),
    path("households/", views.HouseholdList.as_view(), name="household-list"),
    path("households/<int:household_id>/", views.household_detail, name="household-detail"),
    path("households/<int:household_id>/add/", views.ResidentNew.as_view(), name="resident-create"),
    path("party-members/", views.PartyMemberList.as_view(), name="party-member-list"),
]
