from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("requests/", views.RequestList.as_view(), name="requests"),
    path("requests/<int:request_id>/close/", views.request_close, name="request-close"),
    path("my-data/", views.my_data, name="my-data"),
]
