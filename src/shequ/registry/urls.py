from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.resident_list, name="resident-list"),
    path("<int:resident_id>/", views.resident_detail, name="resident-detail"),
    path("<int:resident_id>/edit/", views.resident_edit, name="resident-edit"),
    path("<int:resident_id>/deactivate/", views.resident_deactivate, name="resident-deactivate"),
    path("<int:resident_id>/reveal/<str:field>/", views.resident_reveal, name="resident-reveal"),
    path("households/", views.household_list, name="household-list"),
    path("households/<int:household_id>/", views.household_detail, name="household-detail"),
    path("households/<int:household_id>/add/", views.resident_create, name="resident-create"),
    path("party-members/", views.party_member_list, name="party-member-list"),
]
