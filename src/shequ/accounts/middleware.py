"""Hold a signed-in user on the page they must visit before anything else, and end
sessions past their absolute lifetime. Belongs after AuthenticationMiddleware,
django-otp's OTPMiddleware and MessageMiddleware.

In order: a session older than settings.SESSION_MAX_SECONDS is signed out (the idle
timeout is the cookie's age; this is the limit however active the session); a password an
administrator set, or an administrator's password past its age, must be changed; where a
second factor is required, it must be enrolled and given (``accounts.otp``)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import otp
from .services import AccountErrorCode, password_expired

SESSION_STARTED = "shequ_started"
# What a held user may still reach: signing out, the language switch and static files,
# and the page they are held on.
ALLOWED_URL_NAMES = ("web:logout", "set_language")
PASSWORD_URL_NAMES = ("accounts:my-password",)
OTP_URL_NAMES = ("accounts:otp-verify", "accounts:otp-setup", "accounts:otp-qr")
ALLOWED_PREFIXES = ("/static/",)
API_PREFIXES = ("/api/",)


class AccountGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(
                ALLOWED_PREFIXES):
            held = self._hold(request, user)
            if held is not None:
                return held
        return self.get_response(request)

    def _hold(self, request, user):
        started = request.session.get(SESSION_STARTED)
        now = int(time.time())
        if started is None:
            request.session[SESSION_STARTED] = now
        elif now - int(started) > settings.SESSION_MAX_SECONDS:
            logout(request)
            return self._refuse(request, "web:login", AccountErrorCode.SESSION_EXPIRED,
                                _("Your session has ended; sign in again."), status=401)
        path = request.path
        if any(path == reverse(name) for name in ALLOWED_URL_NAMES):
            return None
        if getattr(user, "must_change_password", False) or password_expired(user):
            if any(path == reverse(name) for name in PASSWORD_URL_NAMES):
                return None
            return self._refuse(request, "accounts:my-password",
                                AccountErrorCode.PASSWORD_CHANGE_REQUIRED,
                                _("Change your temporary password first (on the My account "
                                  "page)."))
        if otp.required_for(user) and not user.is_verified():
            if any(path == reverse(name) for name in OTP_URL_NAMES):
                return None
            target = "accounts:otp-verify" if otp.enrolled(user) else "accounts:otp-setup"
            return self._refuse(request, target, AccountErrorCode.OTP_REQUIRED,
                                _("Sign in with your second factor first."))
        return None

    @staticmethod
    def _refuse(request, url_name: str, code, message: str, status: int = 403):
        if request.path.startswith(API_PREFIXES):
            return JsonResponse({"code": str(code), "message": message, "field": None},
                                status=status, json_dumps_params={"ensure_ascii": False})
        return redirect(url_name)
