"""Give the responses ninja builds itself the API's error shape.

django-ninja answers a known path with an unsupported method by a bare
``HttpResponseNotAllowed`` (empty body) before any of our handlers run; clients of
``/api/v1`` are promised ``{"code", "message", "field"}`` for every 4xx.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import ApiErrorCode, error_response


class ApiErrorShapeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code == 405 and request.path.startswith("/api/")
                and not response.get("Content-Type", "").startswith("application/json")):
            shaped = error_response(
                ApiErrorCode.METHOD_NOT_ALLOWED,
                _("%(method)s is not allowed here.") % {"method": request.method},
                status=405,
            )
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response
