"""Documents and evidence people upload (rules, election records, proof of a
responsibility done): PDF, Word, Excel, JPEG or PNG, told by type and name, at most 10 MB."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shequ.core.errors import DomainError

from ..errors import BranchErrorCode

MAX_FILE_BYTES = 10 * 1024 * 1024
FILE_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/msword": (".doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


def content_type(upload) -> str:
    return (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()


def safe_name(name: str | None) -> str:
    name = (name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name[-80:] or "file"


def check_file(upload, *, field: str = "file") -> None:
    """Refuse a file of another type (by content type and name) or over 10 MB."""
    endings = FILE_TYPES.get(content_type(upload), ())
    if not (upload.name or "").lower().endswith(endings or ("\0",)):
        raise DomainError(_("Attach a PDF, Word, Excel, JPEG or PNG file."),
                          code=BranchErrorCode.FILE_TYPE, field=field)
    if upload.size > MAX_FILE_BYTES:
        raise DomainError(_("A file may be at most 10 MB."), code=BranchErrorCode.TOO_LARGE,
                          field=field)
