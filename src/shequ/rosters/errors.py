"""Error codes of roster jobs that the web pages and the API tell apart."""

from shequ.core.errors import AppErrorCode, DomainError


class RosterErrorCode(AppErrorCode):
    NOT_READY = "not_ready"
    EXPIRED = "expired"
    FILE_ENCODING = "file_encoding"
    FILE_ENCRYPTED = "file_encrypted"
    FILE_MISSING = "file_missing"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE = "file_type"
    FILE_UNREADABLE = "file_unreadable"
    MISSING_COLUMNS = "missing_columns"
    NO_GRID = "no_grid"
    NO_HEADER = "no_header"
    ROWS_REJECTED = "rows_rejected"
    STRUCTURE_CHANGED = "structure_changed"
    STRUCTURE_UNCONFIRMED = "structure_unconfirmed"
    TOO_LARGE = "too_large"


class Gone(DomainError):
    """A job's file that existed and has been deleted on expiry."""

    status = 410
    default_code = RosterErrorCode.EXPIRED
