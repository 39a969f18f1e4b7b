"""Who is calling: an API token (``Authorization: Bearer shq_…``) or the browser session.

Token requests carry no cookie, so they need no CSRF token. Session requests are what a
forged cross-site form would ride on, so every unsafe method (POST, PATCH, DELETE…) made
with the session must carry Django's CSRF token (``X-CSRFToken`` header).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from shequ.accounts.services import api_token_authenticate
from shequ.core.errors import DomainError

from .errors import ApiErrorCode

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class InvalidToken(DomainError):
    status = 401
    default_code = ApiErrorCode.INVALID_TOKEN


class CsrfFailed(DomainError):
    status = 403
    default_code = ApiErrorCode.CSRF_FAILED


class BearerToken(HttpBearer):
    """A token sent but not valid (unknown, revoked, user inactive) is a 401 at once rather
    than a fall-through to the session: the caller meant to use that token."""

    def authenticate(self, request, token: str):
        user = api_token_authenticate(token) if token.startswith("shq_") else None
        if user is None:
            raise InvalidToken(_("This API token is not valid or has been revoked."))
        request.user = user  # services and middleware read request.user
        return user


class SessionWithCsrf(APIKeyCookie):
    """The Django session; unsafe methods must pass Django's CSRF check."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if (request.method not in SAFE_METHODS
                and not getattr(request, "_ninja_csrf_exempt", False)
                and check_csrf(request) is not None):
            raise CsrfFailed(_("CSRF check failed: send the CSRF token in the X-CSRFToken "
                               "header, or use an API token."))
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ decides
        return None


def api_auth() -> list:
    return [BearerToken(), SessionWithCsrf()]
