"""Request middleware: the access log; no caching of pages that show personal data;
remember the client IP for the audit trail; the Content-Security-Policy; the pages of
refusals (DomainErrorMiddleware)."""

import logging
import re
import time
import uuid

from . import audit
from .clientip import client_ip

access_log = logging.getLogger("shequ.access")


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        audit.set_request_ip(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            audit.set_request_ip(None)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.setdefault("Cache-Control", "no-store")
        return response


class LanguageMiddleware:
    """Chinese first: pages use the language the user chose (the cookie set by
    /i18n/setlang/), else Simplified Chinese — not the browser's Accept-Language, since
    staff machines often run English browsers. API clients may still ask for a language
    with Accept-Language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            chosen = None
            if request.path.startswith(("/api/", "/open311/")):
                chosen = translation.get_language_from_request(request)
        language = chosen or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class AccessLogMiddleware:
    """One log line per request for the IT person: method, path, the names (never the
    values) of the query parameters, status, duration and a request id, which is also
    returned as ``X-Request-ID`` (a proxy's own id is kept when it is a plain token). The
    line goes through the handlers' personal-data filter (``core.logfilters``), so an ID
    number or phone in a path is masked. First in MIDDLEWARE, so the time is the whole
    Django stack's."""

    _CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if self._CLIENT_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        names = "&".join(dict.fromkeys(request.GET))
        access_log.info("%s %s%s %s %.1f ms id=%s", request.method, request.path,
                        f"?{names}" if names else "", response.status_code,
                        (time.perf_counter() - start) * 1000, request_id)
        return response


class ContentSecurityPolicyMiddleware:
    """Send ``settings.CONTENT_SECURITY_POLICY`` with every response. The pages load only
    their own scripts and styles (htmx, ECharts and Pico are vendored), so the policy
    allows nothing inline: no ``<script>``/``<style>`` blocks, no ``on*=`` handlers, no
    ``style=`` attributes (``core/tests/test_csp.py`` checks the templates, and a browser
    test the pages). Django 5.2 has no CSP of its own (6.0 does)."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.policy = "; ".join(f"{k} {v}" for k, v in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class DomainErrorMiddleware:
    """A refusal a view lets through (``NotFound``, ``Forbidden``, ``Conflict``, invalid
    input) answers from the one rule, ``DomainError.status``, so views only raise.

    Pages: 404 and 403 are Django's (``handler404``/``handler403``: the same "not found"
    for missing and out of scope), any other status the refusal page with the message.
    Under the API prefixes: the JSON shape ``{"code", "message", "field"}`` (ninja's own
    handlers answer first for its routes; this covers any other view mounted there)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        from django.core.exceptions import PermissionDenied
        from django.http import Http404, JsonResponse
        from django.shortcuts import render

        from .errors import DomainError, is_api_path

        if not isinstance(exc, DomainError):
            return None
        if is_api_path(request.path):
            return JsonResponse(exc.as_dict(), status=exc.status,
                                json_dumps_params={"ensure_ascii": False})
        if exc.status == 404:
            raise Http404(exc.message) from exc
        if exc.status == 403:
            raise PermissionDenied(exc.message) from exc
        return render(request, "core/refused.html", {"error": exc}, status=exc.status)
