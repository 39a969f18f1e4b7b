"""Request middleware: no caching of pages that show personal data; remember the client IP
for the audit trail."""

from . import audit


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        audit.set_request_ip(request.META.get("REMOTE_ADDR"))
        try:
            response = self.get_response(request)
        finally:
            audit.set_request_ip(None)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.setdefault("Cache-Control", "no-store")
        return response
