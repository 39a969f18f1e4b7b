from django.urls import path
from django.views.generic import RedirectView

from .views import alerts, cases, config, lists, portal

app_name = "ledgers"
urlpatterns = [
    path("", lists.CaseList.as_view(), name="case-list"),
    path("count/", lists.case_count, name="case-count"),
    path("mine/", lists.MyCases.as_view(), name="my-cases"),
    path("new/", cases.case_new, name="case-new"),
    # The resident portal (report/ is public; reports/ is the signed-in resident's own).
    path("report/", portal.report, name="report"),
    path("report/buildings/", portal.report_buildings, name="report-buildings"),
    path("report/done/<int:case_id>/", portal.report_done, name="report-done"),
    path("report/status/", portal.report_status, name="report-status"),
    path("report/status/<int:case_id>/", portal.report_status_case,
         name="report-status-case"),
    path("reports/", portal.MyReports.as_view(), name="my-reports"),
    path("reports/<int:case_id>/", portal.my_report_detail, name="my-report"),
    path("reports/<int:case_id>/rate/", portal.my_report_rate, name="my-report-rate"),
    # Configuration (district administrators).
    path("settings/", config.settings_home, name="settings"),
    path("settings/categories/", config.CategoryList.as_view(), name="category-list"),
    path("settings/categories/new/", config.CategoryNew.as_view(), name="category-new"),
    path("settings/categories/<int:category_id>/", config.CategoryEdit.as_view(), name="category-edit"),
    path("settings/rules/", config.rule_list, name="rule-list"),
    path("settings/rules/<int:district_id>/<slug:kind>/", config.RuleEdit.as_view(), name="rule-edit"),
    path("settings/holidays/", config.HolidayList.as_view(), name="holiday-list"),
    path("settings/holidays/remove/", config.holiday_remove, name="holiday-remove"),
    path("<int:case_id>/", cases.case_detail, name="case-detail"),
    path("<int:case_id>/reveal-phone/", cases.case_reveal_phone, name="case-reveal-phone"),
    path("<int:case_id>/assignees/", cases.case_assignees, name="case-assignees"),
    path("<int:case_id>/print/", cases.case_print, name="case-print"),
    path("<int:case_id>/<slug:step>/", cases.case_act, name="case-act"),
    path("files/<str:token>/", cases.attachment, name="attachment"),
    path("warnings/", alerts.WarningList.as_view(), name="warning-list"),
    path("warnings/<int:warning_id>/", alerts.warning_detail, name="warning-detail"),
    path("warnings/<int:warning_id>/<slug:step>/", alerts.warning_act, name="warning-act"),
    # The supervision pages moved to the supervision app (one mechanism for every subject);
    # old bookmarks still arrive.
    path("weekly/", RedirectView.as_view(pattern_name="supervision:weekly", query_string=True)),
    path("evaluations/", RedirectView.as_view(pattern_name="supervision:scores",
                                              query_string=True)),
]
