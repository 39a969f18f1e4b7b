from django.urls import path

from .views import points, work

app_name = "volunteers"
urlpatterns = [
    path("", work.volunteer_list, name="volunteer-list"),
    path("me/", work.me, name="me"),
    path("needs/", work.need_list, name="need-list"),
    path("needs/new/", work.need_new, name="need-new"),
    path("needs/solve/", work.need_solve, name="need-solve"),
    path("needs/<int:need_id>/", work.need_detail, name="need-detail"),
    path("needs/<int:need_id>/confirm/", work.need_confirm, name="need-confirm"),
    path("needs/<int:need_id>/sign-up/", work.need_sign_up, name="need-sign-up"),
    path("assignments/<int:assignment_id>/respond/", work.assignment_respond,
         name="assignment-respond"),
    path("check-in/<str:token>/", work.check_in, name="check-in"),
    path("records/", work.record_queue, name="record-queue"),
    path("records/<int:record_id>/check-out/", work.check_out, name="check-out"),
    path("records/<int:record_id>/<str:decision>/", work.record_decide, name="record-decide"),
    path("points/", points.overview, name="points-overview"),
    path("points/me/", points.my_points, name="points-me"),
    path("points/transfer/", points.transfer, name="points-transfer"),
    path("points/accounts/<int:account_id>/", points.account_statement, name="points-account"),
    path("points/rewards/new/", points.reward_new, name="reward-new"),
    path("points/rewards/<int:reward_id>/redeem/", points.redeem, name="reward-redeem"),
    path("points/redemptions/<int:redemption_id>/collect/", points.collect,
         name="redemption-collect"),
]
