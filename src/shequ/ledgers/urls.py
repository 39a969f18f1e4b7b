from django.urls import path

from .views import alerts, cases, supervision

app_name = "ledgers"
urlpatterns = [
    path("", cases.case_list, name="case-list"),
    path("mine/", cases.my_cases, name="my-cases"),
    path("new/", cases.case_new, name="case-new"),
    path("<int:case_id>/", cases.case_detail, name="case-detail"),
    path("<int:case_id>/reveal-phone/", cases.case_reveal_phone, name="case-reveal-phone"),
    path("<int:case_id>/<slug:step>/", cases.case_act, name="case-act"),
    path("files/<str:token>/", cases.attachment, name="attachment"),
    path("warnings/", alerts.warning_list, name="warning-list"),
    path("warnings/<int:warning_id>/", alerts.warning_detail, name="warning-detail"),
    path("warnings/<int:warning_id>/<slug:step>/", alerts.warning_act, name="warning-act"),
    path("weekly/", supervision.weekly, name="weekly"),
    path("weekly.xlsx", supervision.weekly_xlsx, name="weekly-xlsx"),
    path("comments/", supervision.comment_new, name="comment-new"),
    path("evaluations/", supervision.evaluations, name="evaluations"),
    path("evaluations/<int:evaluation_id>/adjust/", supervision.evaluation_adjust,
         name="evaluation-adjust"),
]
