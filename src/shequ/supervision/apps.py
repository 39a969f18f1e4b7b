from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "shequ.supervision"
    label = "supervision"
    verbose_name = _("Supervision (监委会)")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from .errors import SupervisionErrorCode
        from .models import Score
        from .policies import POLICIES, ROLE_ACTIONS, can_view_summaries

        manifest.register(manifest.AppManifest(
            label=self.label,
            error_codes=[SupervisionErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[MenuItem(key="supervision", group="cases", label=_("Supervision"),
                           url_name="supervision:weekly", action=can_view_summaries,
                           order=33)],
            audit_labels=manifest.AuditLabels(actions={
                "supervision_comment": pgettext_lazy("audit", "Supervision comment added"),
                "supervision_flag": pgettext_lazy("audit", "Supervision flag raised"),
                "supervision_answer": pgettext_lazy("audit", "Supervision flag answered"),
                "score_compute": pgettext_lazy("audit", "Monthly score computed"),
                "score_recompute": pgettext_lazy("audit", "Monthly score recomputed"),
                "score_adjust": pgettext_lazy("audit", "Monthly score adjusted"),
            }, entities={
                "score": Score,
                "supervision_comment": pgettext_lazy("audit", "Supervision comment"),
            }, fields={
                "score": pgettext_lazy("audit", "Score"),
                "adjustment": pgettext_lazy("audit", "Adjustment"),
                "measures": pgettext_lazy("audit", "Measures"),
                "step": pgettext_lazy("audit", "Step"),
                "kind": pgettext_lazy("audit", "About"),
            }),
        ))
