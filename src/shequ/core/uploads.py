"""Photos people upload from a phone (an activity's photos, a patrol check-in or
incident): JPEG or PNG, told by their first bytes rather than their name, at most 8 MB."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import DomainError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")


def check_photo(upload, *, field: str, code: str | None = None) -> None:
    """Refuse an upload that is not a JPEG or PNG photo of at most 8 MB."""
    if upload.size > MAX_PHOTO_BYTES:
        raise DomainError(_("The photo is larger than 8 MB."), code=code, field=field)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(m) for m in IMAGE_MAGIC):
        raise DomainError(_("Upload a JPEG or PNG photo."), code=code, field=field)


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Content type → the file name endings it may carry (both are checked).
DOCUMENT_TYPES = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/msword": (".doc",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


def content_type(upload) -> str:
    """The upload's declared content type without parameters, lower case."""
    return (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()


def safe_name(name: str | None) -> str:
    """The last path part of an uploaded file's name, at most 80 characters."""
    name = (name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return name[-80:] or "file"


def check_document(upload, *, field: str, type_code: str | None = None,
                   size_code: str | None = None) -> None:
    """Refuse a document (rules, minutes, proof) that is not PDF, Word, Excel, JPEG or PNG
    by both its content type and its name, or is over 10 MB."""
    endings = DOCUMENT_TYPES.get(content_type(upload), ())
    if not (upload.name or "").lower().endswith(endings or ("\0",)):
        raise DomainError(_("Attach a PDF, Word, Excel, JPEG or PNG file."), code=type_code,
                          field=field)
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DomainError(_("A file may be at most 10 MB."), code=size_code, field=field)
