"""Domain errors with stable codes. The API renders them as {"code", "message", "field"};
the web views show ``message`` next to ``field``."""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Paths whose clients are programs: every refusal there is JSON, ``as_dict()``.
API_PREFIXES = ("/api/", "/open311/")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES)


class ErrorCode(StrEnum):
    INVALID = "invalid"
    REQUIRED = "required"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    NOT_AUTHENTICATED = "not_authenticated"
    CONFLICT = "conflict"
    DUPLICATE = "duplicate"
    OUT_OF_SCOPE = "out_of_scope"
    RATE_LIMITED = "rate_limited"
    LOCKED_OUT = "locked_out"
    TOO_LONG = "too_long"
    INVALID_CURSOR = "invalid_cursor"
    # the shared validators (core.validators): ID numbers, credit codes, area codes, phones
    ID_SCIENTIFIC = "id_scientific"
    ID_LENGTH = "id_length"
    ID_FORMAT = "id_format"
    ID_BIRTH_DATE = "id_birth_date"
    ID_CHECKSUM = "id_checksum"
    USCC_LENGTH = "uscc_length"
    USCC_FORMAT = "uscc_format"
    USCC_CHECKSUM = "uscc_checksum"
    AREA_CODE_FORMAT = "area_code_format"
    AREA_CODE_LENGTH = "area_code_length"
    AREA_CODE_PARENT = "area_code_parent"
    PHONE_FORMAT = "phone_format"


class AppErrorCode(StrEnum):
    """Base of an app's own error codes: each app declares its codes in ``<app>/errors.py``
    as a subclass and lists it in its manifest (``AppManifest.error_codes``); the OpenAPI
    schema documents every registered code (``components.schemas.ErrorCode``). Values are
    stable strings the API returns; they never change."""


class DomainError(Exception):
    """A refusal. ``status`` is the one rule mapping it to HTTP, for the API's handlers and
    for the pages (core.middleware.DomainErrorMiddleware) alike."""

    status = 400
    default_code = ErrorCode.INVALID

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = str(code or self.default_code)
        self.field = field

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field}


class NotFound(DomainError):
    """Raised for missing *and* for out-of-scope objects, so scope does not leak existence."""

    status = 404
    default_code = ErrorCode.NOT_FOUND

    def __init__(self, message: str | None = None, **kw):
        super().__init__(message or _("Not found."), **kw)


class Forbidden(DomainError):
    status = 403
    default_code = ErrorCode.FORBIDDEN

    def __init__(self, message: str | None = None, **kw):
        super().__init__(message or _("You do not have permission to do this."), **kw)


class Conflict(DomainError):
    status = 409
    default_code = ErrorCode.CONFLICT


class RateLimited(DomainError):
    status = 429
    default_code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str | None = None, **kw):
        super().__init__(message or _("Too many attempts in a short time. Please try again "
                                      "later."), **kw)


def from_validation_error(exc: ValidationError, field: str | None = None) -> DomainError:
    """First message of a Django ValidationError as a DomainError naming its field."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        err = errors[0]
    else:
        err = exc.error_list[0]
    message = err.message % err.params if err.params else err.message
    return DomainError(str(message), code=err.code or ErrorCode.INVALID, field=field)
