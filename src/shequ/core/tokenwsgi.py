"""The WSGI application: requests of API clients signed in by token skip the middleware
that serves only browser sessions.

An office's hotline system or a grid worker's app sends ``Authorization: Bearer …`` and no
cookie: for it the session, CSRF, authentication-from-session, second-factor, messages and
account-gate middleware find nothing (an empty session is an anonymous user, whom none of
them holds back; the token is checked by the API itself), and whitenoise serves only
``/static/``. Running them cost ≈ 0.1–0.2 ms of the ≈ 2 ms a case intake costs in-process
(``bench/intake_profile.py``), on every request of the busiest clients. Every other
middleware — the access log, security headers, CSP, language, host check, no-store, the
API's error shapes — runs as for any request, so the responses are the same
(``core/tests/test_tokenwsgi.py``). Any request with a cookie, or outside ``/api/``, takes
the full chain.
"""

from __future__ import annotations

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

# Middleware with nothing to do for a request that carries no cookie and is not static.
SESSION_ONLY = frozenset({
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "shequ.accounts.middleware.AccountGateMiddleware",
})
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
API_PREFIX = "/api/"


class AnonymousUntilTokenMiddleware:
    """What AuthenticationMiddleware gives a request without a session: an anonymous
    user, until the API's token check sets the token's user."""

    def __init__(self, get_response):
        from django.contrib.auth.models import AnonymousUser  # the apps are loaded by now

        self.get_response = get_response
        self.anonymous = AnonymousUser

    def __call__(self, request):
        request.user = self.anonymous()
        return self.get_response(request)


def token_middleware(full: list[str]) -> list[str]:
    """``full`` without the session-only middleware, the authentication replaced."""
    return [f"{__name__}.AnonymousUntilTokenMiddleware" if m == AUTHENTICATION else m
            for m in full if m not in SESSION_ONLY]


class TokenApiHandler(WSGIHandler):
    """Django's WSGI handler over ``token_middleware(settings.MIDDLEWARE)``."""

    def load_middleware(self, is_async=False):
        # Django builds the chain from settings.MIDDLEWARE; it is swapped only while this
        # handler is built, once per process, before any request is served.
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = token_middleware(list(full))
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def is_token_request(environ) -> bool:
    return (environ.get("PATH_INFO", "").startswith(API_PREFIX)
            and environ.get("HTTP_AUTHORIZATION", "").startswith("Bearer ")
            and not environ.get("HTTP_COOKIE"))


class Application:
    """The project's WSGI callable: token requests to ``/api/`` through the short chain,
    everything else through Django's handler as configured."""

    def __init__(self):
        self.full = get_wsgi_application()  # sets Django up
        self.token_api = TokenApiHandler()

    def __call__(self, environ, start_response):
        handler = self.token_api if is_token_request(environ) else self.full
        return handler(environ, start_response)
