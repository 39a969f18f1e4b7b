from django.urls import path

from .views import dual, staff

app_name = "members"
urlpatterns = [
    path("", dual.overview, name="overview"),
    path("me/", dual.me, name="me"),
    path("logs/<int:log_id>/decide/", dual.log_decide, name="log-decide"),
    path("posts/", staff.PostList.as_view(), name="post-list"),
    path("posts/new/", staff.post_new, name="post-new"),
    path("posts/<int:post_id>/", staff.post_edit, name="post-edit"),
    path("registrations/", staff.registration_list, name="registration-list"),
    path("registrations/new/", staff.registration_candidates,
         name="registration-candidates"),
    path("registrations/new/<int:member_id>/", staff.registration_new,
         name="registration-new"),
    path("registrations/<int:registration_id>/end/", staff.registration_end,
         name="registration-end"),
    path("units/", dual.unit_list, name="unit-list"),
    path("units/<int:unit_id>/report/", dual.unit_report, name="unit-report"),
    path("units/<int:unit_id>/liaisons/", staff.unit_liaisons, name="unit-liaisons"),
    path("fallback/", dual.fallback, name="fallback"),
]
