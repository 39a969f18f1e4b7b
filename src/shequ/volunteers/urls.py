from django.urls import path

from .needs import views as needs
from .people import views as people
from .points import views as points
from .records import views as records
from .teams import views as teams

app_name = "volunteers"
urlpatterns = [
    path("", people.VolunteerList.as_view(), name="volunteer-list"),
    path("new/", people.VolunteerNew.as_view(), name="volunteer-new"),
    path("new/<int:resident_id>/", people.VolunteerRegister.as_view(), name="volunteer-register"),
    path("<int:volunteer_id>/", people.VolunteerDetail.as_view(), name="volunteer-detail"),
    path("<int:volunteer_id>/records/new/", records.RecordEnter.as_view(), name="record-enter"),
    path("configuration/", people.Configuration.as_view(), name="configuration"),
    path("configuration/skills/<int:skill_id>/", people.skill_edit, name="skill-edit"),
    path("configuration/rates/<slug:code>/", points.rate_edit, name="rate-edit"),
    path("teams/", teams.TeamList.as_view(), name="team-list"),
    path("teams/new/", teams.TeamNew.as_view(), name="team-new"),
    path("teams/<int:org_id>/", teams.TeamDetail.as_view(), name="team-detail"),
    path("teams/<int:org_id>/members/", teams.team_members, name="team-members"),
    path("teams/<int:org_id>/register/", teams.team_register, name="team-register"),
    path("teams/<int:org_id>/dissolve/", teams.team_dissolve, name="team-dissolve"),
    path("projects/", teams.ProjectList.as_view(), name="project-list"),
    path("projects/new/", teams.ProjectNew.as_view(), name="project-new"),
    path("projects/<int:project_id>/", teams.ProjectDetail.as_view(), name="project-detail"),
    path("me/", people.me, name="me"),
    path("needs/", needs.NeedList.as_view(), name="need-list"),
    path("needs/new/", needs.NeedNew.as_view(), name="need-new"),
    path("needs/solve/", needs.need_solve, name="need-solve"),
    path("needs/<int:need_id>/", needs.need_detail, name="need-detail"),
    path("needs/<int:need_id>/confirm/", needs.need_confirm, name="need-confirm"),
    path("needs/<int:need_id>/sign-up/", needs.need_sign_up, name="need-sign-up"),
    path("assignments/<int:assignment_id>/respond/", needs.assignment_respond,
         name="assignment-respond"),
    path("check-in/<str:token>/", records.check_in, name="check-in"),
    path("records/", records.RecordQueue.as_view(), name="record-queue"),
    path("records/<int:record_id>/check-out/", records.check_out, name="check-out"),
    path("records/<int:record_id>/<str:decision>/", records.record_decide, name="record-decide"),
    path("points/", points.overview, name="points-overview"),
    path("points/me/", points.my_points, name="points-me"),
    path("points/transfer/", points.transfer, name="points-transfer"),
    path("points/accounts/<int:account_id>/", points.account_statement, name="points-account"),
    path("points/accounts/<int:account_id>/adjust/", points.account_adjust,
         name="points-adjust"),
    path("points/rewards/", points.RewardList.as_view(), name="reward-list"),
    path("points/rewards/new/", points.RewardNew.as_view(), name="reward-new"),
    path("points/rewards/<int:reward_id>/", points.RewardEdit.as_view(), name="reward-edit"),
    path("points/rewards/<int:reward_id>/restock/", points.reward_restock,
         name="reward-restock"),
    path("points/rewards/<int:reward_id>/redeem/", points.redeem, name="reward-redeem"),
    path("points/redemptions/", points.RedemptionList.as_view(), name="redemption-list"),
    path("points/redemptions/<int:redemption_id>/collect/", points.collect,
         name="redemption-collect"),
]
