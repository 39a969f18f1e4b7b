from django.urls import path

from .views import alliance, reserve

app_name = "talent"
urlpatterns = [
    path("alliance/", alliance.MemberList.as_view(), name="member-list"),
    path("alliance/join/", alliance.MemberJoin.as_view(), name="member-join"),
    path("alliance/<int:member_id>/leave/", alliance.member_leave, name="member-leave"),
    path("sessions/", alliance.SessionList.as_view(), name="session-list"),
    path("sessions/new/", alliance.SessionNew.as_view(), name="session-new"),
    path("sessions/<int:session_id>/", alliance.SessionDetail.as_view(), name="session-detail"),
    path("sessions/<int:session_id>/attendance/", alliance.session_attendance,
         name="session-attendance"),
    path("sessions/<int:session_id>/follow-ups/", alliance.follow_up_new, name="follow-up-new"),
    path("follow-ups/<int:follow_up_id>/done/", alliance.follow_up_done, name="follow-up-done"),
    path("demands/", reserve.DemandList.as_view(), name="demand-list"),
    path("demands/new/", reserve.DemandNew.as_view(), name="demand-new"),
    path("demands/<int:demand_id>/", reserve.demand_detail, name="demand-detail"),
    path("demands/<int:demand_id>/edit/", reserve.DemandEdit.as_view(), name="demand-edit"),
    path("demands/<int:demand_id>/close/", reserve.demand_close, name="demand-close"),
    path("demands/<int:demand_id>/reopen/", reserve.demand_reopen, name="demand-reopen"),
    path("demands/<int:demand_id>/refer/", reserve.demand_refer, name="demand-refer"),
    path("reserve/", reserve.ProfileList.as_view(), name="profile-list"),
    path("reserve/new/", reserve.ProfileNew.as_view(), name="profile-new"),
    path("reserve/<int:profile_id>/", reserve.profile_detail, name="profile-detail"),
    path("reserve/<int:profile_id>/edit/", reserve.ProfileEdit.as_view(), name="profile-edit"),
    path("reserve/<int:profile_id>/withdraw/", reserve.profile_withdraw,
         name="profile-withdraw"),
    path("referrals/", reserve.ReferralList.as_view(), name="referral-list"),
    path("referrals/<int:referral_id>/step/", reserve.referral_step, name="referral-step"),
    path("me/", reserve.MyProfile.as_view(), name="me"),
]
