from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("templates/<str:kind>.xlsx", views.template, name="template"),
    path("<uuid:job_id>/", views.job, name="job"),
    path("<uuid:job_id>/progress/", views.job_progress, name="job-progress"),
    path("<uuid:job_id>/commit/", views.job_commit, name="job-commit"),
    path("<uuid:job_id>/errors.xlsx", views.job_errors, name="job-errors"),
]
