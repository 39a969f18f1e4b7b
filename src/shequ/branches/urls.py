from django.urls import path

from .views import basics, chain, meetings

app_name = "branches"
urlpatterns = [
    path("", meetings.BranchList.as_view(), name="branch-list"),
    path("<int:branch_id>/", basics.branch_detail, name="branch-detail"),
    path("<int:branch_id>/profile/", basics.branch_profile, name="branch-profile"),
    path("<int:branch_id>/documents/", basics.branch_document, name="branch-document"),
    path("<int:branch_id>/documents/<int:document_id>/", basics.document_file,
         name="document-file"),
    path("basics/", basics.basics, name="basics"),
    path("meetings/", meetings.MeetingList.as_view(), name="meeting-list"),
    path("meetings/new/", meetings.MeetingNew.as_view(), name="meeting-new"),
    path("meetings/<int:meeting_id>/", meetings.MeetingDetail.as_view(), name="meeting-detail"),
    path("meetings/<int:meeting_id>/roll-call/", meetings.meeting_roll_call, name="roll-call"),
    path("meetings/<int:meeting_id>/photos/", meetings.meeting_photo, name="meeting-photo"),
    path("meetings/<int:meeting_id>/photos/<int:photo_id>/", meetings.photo_file,
         name="photo-file"),
    path("meetings/shortfalls/", meetings.shortfalls, name="shortfalls"),
    path("meetings/rules/", meetings.RuleEdit.as_view(), name="rules"),
    path("check-in/<str:token>/", meetings.check_in, name="check-in"),
    path("chain/", chain.chain, name="chain"),
    path("chain/new/", chain.ItemNew.as_view(), name="item-new"),
    path("chain/<int:item_id>/", chain.item_detail, name="item-detail"),
    path("chain/<int:item_id>/derive/", chain.ItemDerive.as_view(), name="item-derive"),
    path("chain/<int:item_id>/evidence/", chain.item_evidence, name="item-evidence"),
    path("chain/<int:item_id>/evidence/<int:evidence_id>/", chain.evidence_file,
         name="evidence-file"),
    path("chain/<int:item_id>/close/", chain.item_close, name="item-close"),
]
