from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignupConfig(AppConfig):
    name = "shequ.signup"
    label = "signup"
    verbose_name = _("Resident sign-up")

    def ready(self):
        from django.utils.translation import pgettext_lazy

        from shequ.accounts.roles import Action
        from shequ.core import manifest
        from shequ.core.menus import MenuItem

        from . import models
        from .errors import SignupErrorCode

        manifest.register(manifest.AppManifest(
            label=self.label,
            menu=[MenuItem(key="signup_invitations", group="people",
                           label=_("Open invitations"), url_name="signup:invitation-list",
                           action=Action.EDIT_PEOPLE, order=26)],
            audit_labels=manifest.AuditLabels(actions={
                "signup": pgettext_lazy("audit", "Signed up by real name"),
                "signup_refused": pgettext_lazy("audit", "Sign-up refused"),
                "signup_code_sent": pgettext_lazy("audit", "Sign-up code sent"),
                "invite": pgettext_lazy("audit", "Sign-up invitation issued"),
                "invite_accept": pgettext_lazy("audit", "Sign-up invitation used"),
                "invite_revoke": pgettext_lazy("audit", "Sign-up invitation revoked"),
                "unlink_user": pgettext_lazy("audit", "Account unlinked from resident"),
            }, entities={"invitation": models.Invitation,
                         "signup_challenge": models.Challenge}),
            error_codes=[SignupErrorCode],
        ))
