"""Error codes of the set-up imports (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class ImportErrorCode(AppErrorCode):
    """The importer's own codes; the shared ones are ``core.errors.ErrorCode``. (A rejected
    row's reason codes are the rows' own, listed in the error workbook.)"""

    TOO_LARGE = "too_large"
    ROWS_REJECTED = "rows_rejected"
    UNKNOWN_KIND = "unknown_kind"
    MISSING_COLUMNS = "missing_columns"
