from django.urls import path

from .views import matters, meetings, public

app_name = "deliberation"
urlpatterns = [
    path("", matters.MatterList.as_view(), name="matter-list"),
    path("new/", matters.MatterNew.as_view(), name="matter-new"),
    path("<int:matter_id>/", matters.matter_detail, name="matter-detail"),
    path("<int:matter_id>/edit/", matters.MatterEdit.as_view(), name="matter-edit"),
    path("<int:matter_id>/print/", matters.matter_print, name="matter-print"),
    path("<int:matter_id>/submit/", matters.matter_submit, name="matter-submit"),
    path("<int:matter_id>/review/", matters.matter_review, name="matter-review"),
    path("<int:matter_id>/execute/", matters.matter_execute, name="matter-execute"),
    path("<int:matter_id>/complete/", matters.matter_complete, name="matter-complete"),
    path("<int:matter_id>/disclosure/", matters.matter_disclosure, name="matter-disclosure"),
    path("<int:matter_id>/tasks/", matters.task_new, name="task-new"),
    path("tasks/<int:task_id>/progress/", matters.task_progress, name="task-progress"),
    path("tasks/<int:task_id>/evidence/", matters.evidence_new, name="evidence-new"),
    path("evidence/<int:evidence_id>/", matters.evidence_file, name="evidence-file"),
    path("meetings/", meetings.MeetingList.as_view(), name="meeting-list"),
    path("meetings/new/", meetings.MeetingNew.as_view(), name="meeting-new"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/print/", meetings.meeting_print, name="meeting-print"),
    path("meetings/<int:meeting_id>/agenda/", meetings.agenda_new, name="agenda-new"),
    path("meetings/<int:meeting_id>/invitees/", meetings.invitee_new, name="invitee-new"),
    path("meetings/<int:meeting_id>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/vote/", meetings.vote, name="vote"),
    path("meetings/<int:meeting_id>/items/<int:item_id>/decide/", meetings.decide,
         name="decide"),
    path("meetings/<int:meeting_id>/minutes/", meetings.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/close/", meetings.close, name="meeting-close"),
    path("meetings/<int:meeting_id>/resolutions/", meetings.resolution_new,
         name="resolution-new"),
    path("resolutions/", meetings.ResolutionList.as_view(), name="resolution-list"),
    path("resolutions/<int:resolution_id>/follow-up/", meetings.follow_up, name="follow-up"),
    path("public/<str:code>/", public.public_matters, name="public"),
]
