from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "shequ.ledgers"
    label = "ledgers"
    verbose_name = _("Ledgers and cases")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest
        from shequ.core.home import HomePanel
        from shequ.core.menus import MenuItem

        from . import figures, home, home_supervision, reference, retention, supervised
        from .models import Case, Category, EarlyWarning, Holiday, WarningRule
        from .policies import POLICIES, ROLE_ACTIONS, Action
        from .workflow import Step

        # The reference tables (categories, holidays) are copied per process.
        for model in (Category, Holiday):
            for signal in (post_save, post_delete):
                signal.connect(reference.changed, sender=model,
                               dispatch_uid=f"ledgers.reference.{signal is post_save}.{model.__name__}")

        steps = {
            Step.ASSIGN: pgettext_lazy("audit", "Case dispatched"),
            Step.START: pgettext_lazy("audit", "Case started"),
            Step.RESOLVE: pgettext_lazy("audit", "Case resolved"),
            Step.CLOSE: pgettext_lazy("audit", "Case closed"),
            Step.ESCALATE: pgettext_lazy("audit", "Case escalated"),
            Step.RETURN: pgettext_lazy("audit", "Case returned with instructions"),
            Step.REJECT: pgettext_lazy("audit", "Case rejected"),
            Step.RATE: pgettext_lazy("audit", "Case rated"),
            Step.REOPEN: pgettext_lazy("audit", "Case reopened"),
            Step.FOLLOW_RESOLVE: pgettext_lazy("audit", "Linked case resolved"),
            Step.FOLLOW_CLOSE: pgettext_lazy("audit", "Linked case closed"),
            Step.LINK: pgettext_lazy("audit", "Case linked as duplicate"),
            Step.ATTACH: pgettext_lazy("audit", "Attachment added to case"),
            Step.ROUTE: pgettext_lazy("audit", "Case routed"),
        }
        labels = manifest.AuditLabels(actions={
            **{f"case_{step}": label for step, label in steps.items()},
            "case_create": pgettext_lazy("audit", "Case registered"),
            "comment_add": pgettext_lazy("audit", "Supervision comment added"),
            "evaluation_compute": pgettext_lazy("audit", "Monthly evaluation computed"),
            "evaluation_recompute": pgettext_lazy("audit", "Monthly evaluation recomputed"),
            "evaluation_adjust": pgettext_lazy("audit", "Monthly evaluation adjusted"),
            "holiday_set": pgettext_lazy("audit", "Working-day calendar changed"),
            "holiday_remove": pgettext_lazy("audit", "Holiday removed"),
            "warning_raise": pgettext_lazy("audit", "Early warning raised"),
            "warning_acknowledge": pgettext_lazy("audit", "Early warning acknowledged"),
            "warning_close": pgettext_lazy("audit", "Early warning closed"),
            "warning_rule_set": pgettext_lazy("audit", "Warning rule changed"),
            "demo_cases": pgettext_lazy("audit", "Demo cases loaded"),
        }, entities={
            "case": Case, "category": Category, "warning": EarlyWarning,
            "warning_rule": WarningRule, "holiday": Holiday,
            # Audit rows written before the supervision app took these over.
            "evaluation": pgettext_lazy("audit", "Monthly evaluation"),
            "supervision_comment": pgettext_lazy("audit", "Supervision comment"),
        }, fields={
            "score": pgettext_lazy("audit", "Score"),
            "adjustment": pgettext_lazy("audit", "Adjustment"),
            "cases": pgettext_lazy("audit", "Cases"),
            "events": pgettext_lazy("audit", "Case events"),
            "is_workday": pgettext_lazy("audit", "Working day"),
        })
        from .errors import CaseErrorCode

        manifest.register(manifest.AppManifest(
            label=self.label,
            figures=figures.FIGURES,
            error_codes=[CaseErrorCode],
            role_actions=ROLE_ACTIONS,
            policies=POLICIES,
            menu=[
                MenuItem(key="cases", group="cases", label=_("Cases"),
                         url_name="ledgers:case-list", action=Action.VIEW_CASES, order=30),
                MenuItem(key="my-cases", group="cases", label=_("My cases"),
                         url_name="ledgers:my-cases", action=Action.HANDLE_CASES, order=31),
                MenuItem(key="warnings", group="cases", label=_("Early warnings"),
                         url_name="ledgers:warning-list", action=Action.VIEW_CASES, order=32),
                MenuItem(key="ledger-settings", group="cases", label=_("Ledger settings"),
                         url_name="ledgers:settings", action=Action.MANAGE_CATEGORIES,
                         order=34),
                MenuItem(key="report", group="mine", label=_("Report a problem"),
                         url_name="ledgers:report", action=Action.REPORT_CASES, order=28),
                MenuItem(key="my-reports", group="mine", label=_("My reports"),
                         url_name="ledgers:my-reports", action=Action.REPORT_CASES, order=29),
            ],
            home_panels=[
                HomePanel(key="ledgers-worker", data=home.worker_panel,
                          action=home.handles_own_cases, order=10),
                HomePanel(key="ledgers-dispatch", data=home.dispatch_panel,
                          action=home.dispatches_in_community, order=10),
                HomePanel(key="ledgers-reports", data=home.reports_panel,
                          action=Action.REPORT_CASES, order=20),
                HomePanel(key="ledgers-supervision", data=home_supervision.supervision_panel,
                          action=home_supervision.supervises_community, order=10),
            ],
            audit_labels=labels,
            retention=retention.categories(),
            supervised=[supervised.SUBJECT],
            # A reporter's phone typed at intake (not a registered resident's).
            encrypted=[manifest.EncryptedColumns(Case, ("reporter_phone_enc",), "case",
                                                 "case reporter phones")],
        ))
