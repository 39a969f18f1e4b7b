from django.urls import re_path

from . import views

app_name = "open311"
FMT = "(?P<fmt>json|xml)"
urlpatterns = [
    re_path(rf"^discovery\.{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services\.{FMT}$", views.services_list, name="services"),
    re_path(rf"^services/(?P<code>[-\w]+)\.{FMT}$", views.service_definition,
            name="service"),
    re_path(rf"^requests\.{FMT}$", views.requests_view, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+)\.{FMT}$", views.request_detail,
            name="request"),
    re_path(r"^(?P<path>.*)$", views.not_found, name="not-found"),
]
