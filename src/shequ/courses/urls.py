from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("", views.CourseList.as_view(), name="course-list"),
    path("new/", views.CourseNew.as_view(), name="course-new"),
    path("<int:course_id>/", views.course_detail, name="course-detail"),
    path("<int:course_id>/edit/", views.CourseEdit.as_view(), name="course-edit"),
    path("<int:course_id>/learners/", views.learner_enrol, name="learner-enrol"),
    path("<int:course_id>/learners/<int:enrolment_id>/withdraw/", views.learner_withdraw,
         name="learner-withdraw"),
    path("<int:course_id>/learners/download/", views.learners_export, name="learners-export"),
    path("<int:course_id>/enrol/", views.course_enrol, name="course-enrol"),
    path("<int:course_id>/sessions/", views.session_new, name="session-new"),
    path("<int:course_id>/sessions/<int:session_id>/", views.SessionEdit.as_view(),
         name="session-edit"),
    path("<int:course_id>/sessions/<int:session_id>/roll-call/", views.session_roll_call,
         name="roll-call"),
    path("check-in/<str:token>/", views.check_in, name="check-in"),
    path("study/", views.study, name="study-me"),
    path("study/<int:resident_id>/", views.study, name="study"),
    path("study/overview/", views.study_overview, name="study-overview"),
]
