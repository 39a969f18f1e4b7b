from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("weekly/", views.weekly, name="weekly"),
    path("weekly.xlsx", views.weekly_xlsx, name="weekly-xlsx"),
    path("comments/", views.comment_new, name="comment-new"),
    path("comments/on/<slug:kind>/<int:object_id>/", views.subject_comment_new,
         name="subject-comment-new"),
    path("comments/<int:comment_id>/answer/", views.flag_answer, name="flag-answer"),
    path("scores/", views.scores, name="scores"),
    path("scores/<int:score_id>/adjust/", views.score_adjust, name="score-adjust"),
]
