from django.http import HttpResponse
from django.urls import path

app_name = "deliberation"
urlpatterns: list = [path("matters/<int:pk>/", HttpResponse, name="matter-detail"),
                     path("meetings/<int:pk>/", HttpResponse, name="meeting-detail")]
