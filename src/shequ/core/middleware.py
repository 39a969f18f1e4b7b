"""Request middleware: no caching of pages that show personal data; remember the client IP
for the audit trail."""

from . import audit
from .clientip import client_ip


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
