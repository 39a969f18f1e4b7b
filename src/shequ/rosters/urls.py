from django.urls import path

from . import views

app_name = "rosters"
urlpatterns = [
    path("", views.index, name="index"),
    path("imports/", views.upload, name="upload"),
    path("imports/<uuid:job_id>/", views.job, name="job"),
    path("imports/<uuid:job_id>/progress/", views.job_progress, name="job-progress"),
    path("imports/<uuid:job_id>/commit/", views.job_commit, name="job-commit"),
    path("imports/<uuid:job_id>/add-housing/", views.job_add_housing, name="job-add-housing"),
    path("imports/<uuid:job_id>/errors.xlsx", views.job_errors, name="job-errors"),
    path("export/", views.export, name="export"),
    path("exports/<uuid:job_id>/", views.export_job, name="export-job"),
    path("exports/<uuid:job_id>/progress/", views.export_job_progress,
         name="export-job-progress"),
    path("exports/<uuid:job_id>/residents.xlsx", views.export_job_file, name="export-job-file"),
]
