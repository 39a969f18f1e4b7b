"""Documents and evidence people upload (rules, election records, proof of a
responsibility done): ``core.uploads.check_document`` with this app's codes."""

from __future__ import annotations

from shequ.core.uploads import check_document, content_type, safe_name

from ..errors import BranchErrorCode

__all__ = ["check_file", "content_type", "safe_name"]


def check_file(upload, *, field: str = "file") -> None:
    check_document(upload, field=field, type_code=BranchErrorCode.FILE_TYPE,
                   size_code=BranchErrorCode.TOO_LARGE)
