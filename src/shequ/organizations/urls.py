from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.party_org_list, name="party-org-list"),
]
