"""Error codes of roster jobs that the web pages and the API tell apart."""

from enum import StrEnum

from shequ.core.errors import DomainError


class RosterErrorCode(StrEnum):
    NOT_READY = "not_ready"
    EXPIRED = "expired"


class Gone(DomainError):
    """A job's file that existed and has been deleted on expiry."""

    status = 410
    default_code = RosterErrorCode.EXPIRED
