"""A contact person and their phone as stored (``models.contacts.ContactPhone``): one rule for
the platform member, the sharing agreement and the pairing, on every door (page, API,
command line, demo)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core.errors import DomainError, ErrorCode, from_validation_error
from shequ.core.freetext import clean_text
from shequ.core.phones import phone_columns

from ..models.contacts import has_phone


def contact_fields(*, model, name: str, phone: str, required: bool = False) -> dict:
    """The columns of a contact: the name in clear (a phone number typed into it is
    refused, so no number is kept in clear) and the phone validated, encrypted, hashed and
    masked. Raises DomainError naming ``contact`` or ``contact_phone``."""
    name = clean_text(name, field="contact", model=model, required=required, single_line=True)
    if has_phone(name):
        raise DomainError(_("Put the phone number in the contact phone field, not in the "
                            "contact's name."), code=ErrorCode.INVALID, field="contact")
    try:
        cols = phone_columns(phone)
    except ValidationError as exc:
        raise from_validation_error(exc, field="contact_phone") from exc
    return {"contact": name, "contact_phone_enc": cols.enc, "contact_phone_hash": cols.hash,
            "contact_phone_masked": cols.masked}
