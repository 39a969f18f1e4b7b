from django.urls import path

from .views import commitments, respond, staff

app_name = "evaluations"
urlpatterns = [
    path("", staff.RoundList.as_view(), name="round-list"),
    path("rounds/new/", staff.RoundNew.as_view(), name="round-new"),
    path("rounds/<int:round_id>/", staff.round_detail, name="round-detail"),
    path("rounds/<int:round_id>/close/", staff.round_close, name="round-close"),
    path("rounds/<int:round_id>/results/", staff.results_compute, name="round-results"),
    path("rounds/<int:round_id>/offer/", staff.candidates_offer, name="round-offer"),
    path("rounds/<int:round_id>/respond/", respond.respond, name="respond"),
    path("rounds/<int:round_id>/pairs/<int:pair_id>/rate-unit/", respond.respond_pair,
         {"direction": "units"}, name="rate-unit"),
    path("rounds/<int:round_id>/pairs/<int:pair_id>/respond/", respond.respond_pair,
         {"direction": "leadership"}, name="respond-pair"),
    path("questionnaires/", staff.QuestionnaireList.as_view(), name="questionnaire-list"),
    path("questionnaires/new/", staff.QuestionnaireNew.as_view(), name="questionnaire-new"),
    path("mine/", respond.my_rounds, name="my-rounds"),
    path("commitments/", commitments.CommitmentList.as_view(), name="commitment-list"),
    path("commitments/progress/", commitments.commitment_progress,
         name="commitment-progress"),
    path("commitments/mine/", commitments.my_commitments, name="my-commitments"),
    path("commitments/new/", commitments.CommitmentNew.as_view(), name="commitment-new"),
    path("commitments/rate/", commitments.rate_commitments, name="rate-commitments"),
    path("commitments/<int:commitment_id>/", commitments.commitment_detail,
         name="commitment-detail"),
    path("commitments/<int:commitment_id>/actions/", commitments.action_record,
         name="commitment-action"),
    path("commitments/<int:commitment_id>/report/", commitments.commitment_report,
         name="commitment-report"),
    path("commitments/<int:commitment_id>/rate/", commitments.commitment_rate,
         name="commitment-rate"),
    path("evidence/<int:action_id>/", commitments.evidence, name="evidence"),
]
