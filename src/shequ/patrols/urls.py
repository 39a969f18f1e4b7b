from django.urls import path

from .views import phone, ratings, staff

app_name = "patrols"
urlpatterns = [
    path("", staff.RouteList.as_view(), name="route-list"),
    path("routes/new/", staff.RouteNew.as_view(), name="route-new"),
    path("routes/<int:route_id>/", staff.route_detail, name="route-detail"),
    path("routes/<int:route_id>/qr/", staff.qr_sheet, name="qr-sheet"),
    path("routes/<int:route_id>/checkpoints/<int:checkpoint_id>/remove/",
         staff.checkpoint_remove, name="checkpoint-remove"),
    path("routes/<int:route_id>/checkpoints/<int:checkpoint_id>/move/",
         staff.checkpoint_move, name="checkpoint-move"),
    path("coverage/", staff.CoverageList.as_view(), name="coverage-list"),
    path("coverage/new/", staff.CoverageNew.as_view(), name="coverage-new"),
    path("coverage/<int:coverage_id>/remove/", staff.coverage_remove, name="coverage-remove"),
    path("pool/", staff.MemberList.as_view(), name="member-list"),
    path("pool/new/", staff.MemberNew.as_view(), name="member-new"),
    path("pool/<int:member_id>/", staff.MemberEdit.as_view(), name="member-edit"),
    path("plans/", staff.PlanList.as_view(), name="plan-list"),
    path("plans/new/", staff.PlanNew.as_view(), name="plan-new"),
    path("plans/<int:plan_id>/", staff.plan_detail, name="plan-detail"),
    path("swaps/", staff.swap_list, name="swap-list"),
    path("incidents/", staff.IncidentList.as_view(), name="incident-list"),
    path("incidents/new/", phone.incident_new, name="incident-new"),
    path("incidents/<int:incident_id>/", staff.incident_detail, name="incident-detail"),
    path("ratings/", ratings.RatingList.as_view(), name="rating-list"),
    path("ratings/compute/", ratings.ratings_compute, name="rating-compute"),
    path("ratings/shortlist/", ratings.shortlist_offer, name="rating-shortlist"),
    path("mine/", phone.my_shifts, name="my-shifts"),
    path("mine/<int:shift_id>/swap/", phone.swap_new, name="swap-new"),
    path("c/<str:token>/", phone.check_in, name="check-in"),
]
