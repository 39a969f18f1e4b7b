"""A contact person and their phone, as every table that keeps a phone keeps it
(``core.phones``): the name in clear, the number only as ciphertext, keyed hash and the
masked form that pages, the API and downloads show. Staff used to type "张三 13912345678"
into one free-text field; the name and the number are two fields now."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.validators import halfwidth, mask_phone


class ContactPhone(models.Model):
    contact_phone_enc = models.BinaryField(null=True, blank=True, editable=False)
    contact_phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    contact_phone_masked = models.CharField(_("contact phone"), max_length=16, blank=True,
                                            editable=False)

    class Meta:
        abstract = True


# A phone written inside a contact's text: a mobile (1[3-9] and 9 digits, perhaps after +86
# and in groups) or a landline with its area code (0 and 2–3 digits, then 7–8), not inside a
# longer run of digits.
PHONE_IN_TEXT = re.compile(
    r"(?<!\d)(?:(?:\+|00)?86[- ]?)?(1[- ]?[3-9](?:[- ]?\d){9})(?!\d)"
    r"|(?<!\d)(0\d{2,3}[- ]?\d{7,8})(?!\d)")
_LABELS = re.compile(r"(联系电话|电话|手机|座机|tel|phone)\s*[:：]?", re.IGNORECASE)
_EDGES = " \t,，;；:：/、()（）-—"


def split_contact(text: str) -> tuple[str, str]:
    """"张三 13912345678" → ("张三", "13912345678"): the first phone-shaped run in a contact's
    text and the rest as the name (labels such as 电话： and separators dropped). Any other
    phone-shaped run left in the name is masked, so no number stays there in clear. The
    phone is returned as written (digits and separators); the caller parses it."""
    text = halfwidth(text or "")
    m = PHONE_IN_TEXT.search(text)
    if m is None:
        return text.strip(), ""
    phone = m.group(1) or m.group(2)
    rest = text[:m.start()] + " " + text[m.end():]
    rest = PHONE_IN_TEXT.sub(lambda o: mask_phone(re.sub(r"\D", "", o.group(0))), rest)
    name = re.sub(r"\s+", " ", _LABELS.sub(" ", rest)).strip(_EDGES)
    return name, phone


def has_phone(text: str) -> bool:
    return PHONE_IN_TEXT.search(halfwidth(text or "")) is not None
