from django.urls import path

from .views import activities, selections

app_name = "campaigns"
urlpatterns = [
    path("", activities.ActivityList.as_view(), name="activity-list"),
    path("activities/new/", activities.ActivityNew.as_view(), name="activity-new"),
    path("activities/<int:activity_id>/", activities.activity_detail, name="activity-detail"),
    path("activities/<int:activity_id>/edit/", activities.ActivityEdit.as_view(), name="activity-edit"),
    path("activities/<int:activity_id>/cancel/", activities.activity_cancel,
         name="activity-cancel"),
    path("activities/<int:activity_id>/sign-ups/", activities.signups_export,
         name="signups-export"),
    path("activities/<int:activity_id>/sign-up/", activities.sign_up, name="sign-up"),
    path("activities/<int:activity_id>/attendance/", activities.attendance, name="attendance"),
    path("activities/<int:activity_id>/report/", activities.report, name="report"),
    path("activities/<int:activity_id>/photos/", activities.photo_add, name="photo-add"),
    path("photos/<int:photo_id>/", activities.photo, name="photo"),
    path("sign-ups/<int:signup_id>/cancel/", activities.cancel, name="cancel"),
    path("check-in/<str:token>/", activities.check_in, name="check-in"),
    path("selections/", selections.SelectionList.as_view(), name="selection-list"),
    path("selections/new/", selections.SelectionNew.as_view(), name="selection-new"),
    path("selections/<int:selection_id>/", selections.selection_detail,
         name="selection-detail"),
    path("selections/<int:selection_id>/edit/", selections.SelectionEdit.as_view(),
         name="selection-edit"),
    path("selections/<int:selection_id>/results/", selections.results_export,
         name="results-export"),
    path("selections/<int:selection_id>/nominate/", selections.nominate, name="nominate"),
    path("selections/<int:selection_id>/nominations/<int:nomination_id>/review/",
         selections.review, name="review"),
    path("selections/<int:selection_id>/open-voting/", selections.open_voting,
         name="open-voting"),
    path("selections/<int:selection_id>/vote/", selections.vote, name="vote"),
    path("selections/<int:selection_id>/publish/", selections.publish, name="publish"),
]
