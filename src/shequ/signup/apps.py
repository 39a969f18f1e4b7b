from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupConfig(AppConfig):
    name = "shequ.signup"
    label = "signup"
    verbose_name = _("Resident sign-up")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest

        from . import models
        from .errors import SignupErrorCode

        labels = manifest.AuditLabels(actions={
            "signup": pgettext_lazy("audit", "Signed up by real name"),
            "signup_refused": pgettext_lazy("audit", "Sign-up refused"),
            "signup_code_sent": pgettext_lazy("audit", "Sign-up code sent"),
            "invite": pgettext_lazy("audit", "Sign-up invitation issued"),
            "invite_accept": pgettext_lazy("audit", "Sign-up invitation used"),
            "unlink_user": pgettext_lazy("audit", "Account unlinked from resident"),
        }, entities={"invitation": models.Invitation, "signup_challenge": models.Challenge})
        manifest.register(manifest.AppManifest(label=self.label, audit_labels=labels,
                                               error_codes=[SignupErrorCode]))
