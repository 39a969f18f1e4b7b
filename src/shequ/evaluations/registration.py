"""The evaluations app's one registration with the shell (``core.manifest``): role actions,
policies, menu, home panel, audit labels and error codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core import manifest
from shequ.core.home import HomePanel
from shequ.core.menus import MenuItem

from . import figures, home, models
from .errors import EvaluationErrorCode
from .policies import POLICIES, ROLE_ACTIONS, Action


def evaluations_manifest(label: str) -> manifest.AppManifest:
    return manifest.AppManifest(
        label=label,
        role_actions=ROLE_ACTIONS,
        policies=POLICIES,
        error_codes=[EvaluationErrorCode],
        figures=figures.FIGURES,
        menu=[
            MenuItem(key="evaluation-rounds", group="party", label=_("Evaluations and surveys"),
                     url_name="evaluations:round-list", action=Action.VIEW_EVALUATIONS,
                     order=70),
            MenuItem(key="evaluation-commitments", group="party", label=_("Commitments"),
                     url_name="evaluations:commitment-list", action=Action.VIEW_EVALUATIONS,
                     order=71),
            MenuItem(key="evaluation-mine", group="mine", label=_("My surveys and evaluations"),
                     url_name="evaluations:my-rounds", action=Action.RESPOND, order=97),
            MenuItem(key="evaluation-my-commitments", group="mine", label=_("My commitments"),
                     url_name="evaluations:my-commitments", action=Action.KEEP_COMMITMENTS,
                     order=98),
            MenuItem(key="evaluation-rate", group="mine", label=_("Rate commitments"),
                     url_name="evaluations:rate-commitments", action=home.rates_commitments,
                     order=99),
        ],
        home_panels=[
            HomePanel(key="evaluations-mine", data=home.respondent_panel,
                      action=Action.RESPOND, order=16),
        ],
        audit_labels=manifest.AuditLabels(actions={
            "create_questionnaire": pgettext_lazy("audit", "Questionnaire created"),
            "create_round": pgettext_lazy("audit", "Evaluation round created"),
            "close_round": pgettext_lazy("audit", "Evaluation round closed"),
            "respond": pgettext_lazy("audit", "Evaluation answered"),
            "compute_results": pgettext_lazy("audit", "Evaluation results computed"),
            "offer_candidates": pgettext_lazy("audit", "Best-rated units nominated"),
            "publish_commitment": pgettext_lazy("audit", "Commitment published"),
            "record_commitment_action": pgettext_lazy("audit", "Commitment action recorded"),
            "report_commitment": pgettext_lazy("audit", "Commitment reported"),
            "rate_commitment": pgettext_lazy("audit", "Commitment rated"),
        }, entities={
            "questionnaire": models.Questionnaire, "evaluation_round": models.Round,
            "commitment": models.Commitment,
        }, fields={
            "questions": pgettext_lazy("audit", "Questions"),
            "anonymous": pgettext_lazy("audit", "Anonymous"),
            "pairs": pgettext_lazy("audit", "Units evaluated"),
            "direction": pgettext_lazy("audit", "Direction"),
            "subject": pgettext_lazy("audit", "Rated"),
            "assessments": pgettext_lazy("audit", "Assessments"),
            "nominations": pgettext_lazy("audit", "Nominations"),
            "person": pgettext_lazy("audit", "Person"),
            "progress": pgettext_lazy("audit", "Progress %"),
            "link": pgettext_lazy("audit", "Linked record"),
            "committee": pgettext_lazy("audit", "As the committee"),
        }),
    )
