"""Password rule beyond Django's: at least three of lower, upper, digit, symbol."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .services.codes import AccountErrorCode


class CharacterClassValidator:
    def validate(self, password, user=None):
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError(
                _("The password must mix at least three of: lowercase, uppercase, digits, symbols."),
                code=AccountErrorCode.PASSWORD_CLASSES,
            )

    def get_help_text(self):
        return _("Mix at least three of: lowercase, uppercase, digits, symbols.")


class PasswordHistoryValidator:
    """Refuse the account's current password and the others among its last
    settings.PASSWORD_HISTORY (kept hashed in ``PasswordHistory``)."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from django.conf import settings
        from django.contrib.auth.hashers import check_password

        from .models import PasswordHistory

        keep = settings.PASSWORD_HISTORY
        hashes = list(PasswordHistory.objects.filter(user=user).order_by("-created_at", "-id")
                      .values_list("password", flat=True)[:keep])
        if user.has_usable_password() and user.password not in hashes:
            hashes.insert(0, user.password)
        if any(check_password(password, encoded) for encoded in hashes[:keep]):
            raise ValidationError(
                _("Choose a password you have not used recently (the last %(n)d are refused).")
                % {"n": keep},
                code=AccountErrorCode.PASSWORD_REUSED,
            )

    def get_help_text(self):
        return _("Not one of your last five passwords.")
