"""One error shape for the whole API: ``{"code", "message", "field"}`` with a 4xx status.

Every failure is turned into that shape here — domain errors from services and selectors,
request validation, authentication, missing objects and unknown routes — so endpoints only
raise. Bad input is always 400 (schema validation and domain validation alike), naming the
field; messages are translated (Chinese unless the client asks otherwise).
"""

from __future__ import annotations

import logging
import traceback
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import ValidationError as PydanticValidationError

from shequ.core.errors import DomainError, ErrorCode, is_api_path
from shequ.core.freetext import too_long_message

logger = logging.getLogger("shequ.api")


class ApiErrorCode(StrEnum):
    """Codes the API layer itself produces (services bring their own, see core.errors)."""

    INVALID = ErrorCode.INVALID
    REQUIRED = ErrorCode.REQUIRED
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    INVALID_CHOICE = "invalid_choice"
    INVALID_DATE = "invalid_date"
    INVALID_NUMBER = "invalid_number"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_FIELD = "unknown_field"
    MALFORMED_BODY = "malformed_body"
    NOT_FOUND = ErrorCode.NOT_FOUND
    NOT_AUTHENTICATED = ErrorCode.NOT_AUTHENTICATED
    INVALID_TOKEN = "invalid_token"  # noqa: S105 - an error code, not a secret
    CSRF_FAILED = "csrf_failed"
    FORBIDDEN = ErrorCode.FORBIDDEN
    METHOD_NOT_ALLOWED = "method_not_allowed"
    RATE_LIMITED = ErrorCode.RATE_LIMITED
    SERVER_ERROR = "server_error"


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"code": str(code), "message": str(message), "field": field}


def error_response(code: str, message: str, field: str | None = None, *,
                   status: int) -> JsonResponse:
    return JsonResponse(error_body(code, message, field), status=status,
                        content_type="application/json; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})


# -- request validation (pydantic) -------------------------------------------------------------
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_of(loc) -> str | None:
    """``("body", "payload", "name")`` → "name", ``("query", "limit")`` → "limit",
    ``("body", "payload", "tags", 0)`` → "tags"."""
    parts = list(loc or ())
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        if source in {"body", "form"} and len(parts) > 1:
            parts.pop(0)  # the endpoint's parameter name (payload)
    names = [p for p in parts if isinstance(p, str)]
    return names[0] if names else None


def _plain_message(error: dict) -> tuple[str, str]:
    """(code, message in plain words) for one pydantic error."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return ApiErrorCode.REQUIRED, _("This field is required.")
    if kind == "string_too_long":
        n = int(ctx.get("max_length", 0))
        return ApiErrorCode.TOO_LONG, too_long_message(n)
    if kind == "string_too_short":
        n = int(ctx.get("min_length", 0))
        return ApiErrorCode.TOO_SHORT, ngettext(
            "At least %(n)d character is needed.", "At least %(n)d characters are needed.", n
        ) % {"n": n}
    if kind == "too_long":
        n = int(ctx.get("max_length", 0))
        return ApiErrorCode.TOO_LONG, ngettext(
            "At most %(n)d item is allowed.", "At most %(n)d items are allowed.", n
        ) % {"n": n}
    if kind in {"enum", "literal_error"}:
        expected = ctx.get("expected", "")
        return ApiErrorCode.INVALID_CHOICE, _(
            "Not one of the allowed values (%(allowed)s)."
        ) % {"allowed": expected}
    if kind.startswith(("date_", "datetime_")):
        return ApiErrorCode.INVALID_DATE, _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith(("int_", "float_", "decimal_")):
        return ApiErrorCode.INVALID_NUMBER, _("Enter a whole number.")
    if kind in {"greater_than_equal", "greater_than"}:
        return ApiErrorCode.OUT_OF_RANGE, _(
            "Ensure this value is greater than or equal to %(limit_value)s."
        ) % {"limit_value": ctx.get("ge", ctx.get("gt", ""))}
    if kind in {"less_than_equal", "less_than"}:
        return ApiErrorCode.OUT_OF_RANGE, _(
            "Ensure this value is less than or equal to %(limit_value)s."
        ) % {"limit_value": ctx.get("le", ctx.get("lt", ""))}
    if kind == "extra_forbidden":
        return ApiErrorCode.UNKNOWN_FIELD, _("This field is not accepted here.")
    if kind in {"list_type", "tuple_type", "set_type"}:
        return ApiErrorCode.INVALID, _("Enter a list of values.")
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return ApiErrorCode.MALFORMED_BODY, _("The request body must be a JSON object.")
    return ApiErrorCode.INVALID, _("Enter a valid value.")


def validation_error_body(exc: ValidationError) -> dict:
    errors = exc.errors or [{}]
    first = errors[0]
    code, message = _plain_message(first)
    return error_body(code, message, _field_of(first.get("loc")))


# -- handlers ----------------------------------------------------------------------------------
def install(api: NinjaAPI) -> None:
    """Register the exception handlers that give every API failure the one shape."""

    def respond(request, body: dict, status: int, headers: dict | None = None):
        response = api.create_response(request, body, status=status)
        for key, value in (headers or {}).items():
            response[key] = value
        return response

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return respond(request, exc.as_dict(), exc.status, headers)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return respond(request, validation_error_body(exc), 400)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, error_body(ApiErrorCode.NOT_FOUND, _("Not found.")), 404)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, error_body(
            ApiErrorCode.FORBIDDEN, _("You do not have permission to do this.")), 403)

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        return respond(request, error_body(
            ApiErrorCode.NOT_AUTHENTICATED,
            _("Sign in, or send an API token as 'Authorization: Bearer shq_…'."),
        ), 401, {"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        status = exc.status_code
        if status == 400:  # ninja: the body could not be parsed
            body = error_body(ApiErrorCode.MALFORMED_BODY, _("The request body is not valid JSON."))
        elif status == 403:
            body = error_body(ApiErrorCode.FORBIDDEN, _("You do not have permission to do this."))
        elif status == 429:
            body = error_body(ApiErrorCode.RATE_LIMITED, _("Too many requests; try again later."))
        else:
            body = error_body(ApiErrorCode.INVALID, str(exc))
        return respond(request, body, status)

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def out_of_range(request, exc):
        """A number the schema let through but the database cannot hold (SQLite raises
        OverflowError, PostgreSQL "integer out of range"): bad input, not a server error."""
        logger.warning("API input out of the database's range on %s: %s", request.path,
                       type(exc).__name__)
        return respond(request, error_body(
            ApiErrorCode.OUT_OF_RANGE, _("A number in the request is out of range.")), 400)

    @api.exception_handler(ValueError)
    def unconvertible(request, exc):
        """A value the ORM could not convert (``Field 'id' expected a number``): bad input.
        Logged with its traceback, since a schema should have refused it first. A pydantic
        error here is a response that does not fit its schema: the server's fault."""
        if isinstance(exc, PydanticValidationError):
            return unexpected(request, exc)
        logger.warning("API input the database could not take on %s", request.path,
                       exc_info=True)
        return respond(request, error_body(
            ApiErrorCode.INVALID, _("A value in the request is not valid.")), 400)

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        if not settings.DEBUG:
            raise exc  # Django logs it, reports it and answers through handler500 (JSON here)
        logger.exception("API error on %s", request.path)
        body = error_body(ApiErrorCode.SERVER_ERROR, _("Something went wrong on the server."))
        body["traceback"] = traceback.format_exc()
        return respond(request, body, 500)


# -- Django-level handlers (routes ninja never saw) ------------------------------------------
def api_not_found(request, *args, **kwargs):
    """Catch-all under /api/v1/: JSON 404 even with DEBUG on (Django's handler404 is not
    consulted in DEBUG mode, this route is)."""
    return error_response(ApiErrorCode.NOT_FOUND, _("Not found."), status=404)


def page_not_found(request, exception=None):
    """handler404: JSON under /api/ and /open311/, the site's 404 page elsewhere."""
    from django.http import HttpResponseNotFound
    from django.template import TemplateDoesNotExist, loader

    if is_api_path(request.path):
        return api_not_found(request)
    try:
        template = loader.get_template("404.html")
    except TemplateDoesNotExist:
        return HttpResponseNotFound(_("Not found."), content_type="text/plain; charset=utf-8")
    return HttpResponseNotFound(template.render({"request_path": request.path}, request))


def bad_request(request, exception=None):
    """handler400 (a disallowed Host header, a suspicious request): JSON under the API."""
    from django.views import defaults

    if is_api_path(request.path):
        return error_response(ApiErrorCode.INVALID, _("The request was not understood."),
                              status=400)
    return defaults.bad_request(request, exception)


def permission_denied_page(request, exception=None):
    """handler403 (e.g. a CSRF failure outside ninja): JSON under the API."""
    from django.views import defaults

    if is_api_path(request.path):
        return error_response(ApiErrorCode.FORBIDDEN, _("You may not do this here."),
                              status=403)
    return defaults.permission_denied(request, exception)


def server_error(request):
    """handler500: JSON under /api/ and /open311/, Django's plain 500 page elsewhere."""
    from django.views import defaults

    if is_api_path(request.path):
        return error_response(ApiErrorCode.SERVER_ERROR, _("Something went wrong on the server."),
                              status=500)
    return defaults.server_error(request)
