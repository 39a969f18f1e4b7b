"""Password rule beyond Django's: at least three of lower, upper, digit, symbol."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def validate(self, password, user=None):
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]")
        )
        if classes < 3:
            raise ValidationError(
                _("The password must mix at least three of: lowercase, uppercase, digits, symbols."),
                code="password_classes",
            )

    def get_help_text(self):
        return _("Mix at least three of: lowercase, uppercase, digits, symbols.")
