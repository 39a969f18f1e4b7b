"""Hold a signed-in user who must change their password (an administrator set it) on the
page where they do so. Belongs after AuthenticationMiddleware and MessageMiddleware."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .services import AccountErrorCode

# What a user with a temporary password may still reach: the change itself, signing out,
# the language switch and static files.
ALLOWED_URL_NAMES = ("accounts:my-password", "web:logout", "set_language")
ALLOWED_PREFIXES = ("/static/",)
API_PREFIXES = ("/api/",)


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and getattr(user, "must_change_password", False)
                and not self._allowed(request.path)):
            if request.path.startswith(API_PREFIXES):
                return JsonResponse(
                    {"code": str(AccountErrorCode.PASSWORD_CHANGE_REQUIRED),
                     "message": _("Change your temporary password first (on the My account "
                                  "page)."),
                     "field": None},
                    status=403, json_dumps_params={"ensure_ascii": False})
            return redirect("accounts:my-password")
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(ALLOWED_PREFIXES):
            return True
        return any(path == reverse(name) for name in ALLOWED_URL_NAMES)
