from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("me/", views.me, name="me"),
    path("logs/<int:log_id>/decide/", views.log_decide, name="log-decide"),
    path("posts/new/", views.post_new, name="post-new"),
    path("units/", views.unit_list, name="unit-list"),
    path("units/<int:unit_id>/report/", views.unit_report, name="unit-report"),
    path("fallback/", views.fallback, name="fallback"),
]
