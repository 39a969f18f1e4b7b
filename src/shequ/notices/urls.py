from django.urls import path

from . import views

app_name = "notices"
urlpatterns = [
    path("", views.MyNoticeList.as_view(), name="my-list"),
    path("sent/", views.SentNoticeList.as_view(), name="sent-list"),
    path("new/", views.NoticeNew.as_view(), name="notice-new"),
    path("<int:notice_id>/", views.notice_read, name="notice-read"),
    path("<int:notice_id>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("<int:notice_id>/remind/", views.notice_remind, name="notice-remind"),
    path("<int:notice_id>/withdraw/", views.notice_withdraw, name="notice-withdraw"),
    path("<int:notice_id>/unread/", views.UnreadList.as_view(), name="notice-unread"),
    path("notifications/", views.NotificationCentre.as_view(), name="centre"),
    path("notifications/<int:notification_id>/", views.notification_open,
         name="notification-open"),
    path("notifications/read-all/", views.mark_all_read, name="mark-all-read"),
    path("notifications/preferences/", views.Preferences.as_view(), name="preferences"),
]
