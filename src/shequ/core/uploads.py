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
