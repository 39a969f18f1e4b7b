"""A last line of defence for personal data in logs.

Code must not log ID numbers or phones in the first place (DESIGN.md §8), but a log line
can still carry one by accident: an exception message quoting a bad input, a URL with a
search query, a third-party library's debug output. This filter, installed on every
handler, masks anything shaped like a mainland ID number or mobile phone number before the
record is written, exactly as the pages mask them.
"""

from __future__ import annotations

import logging
import re

from .validators import mask_id_number, mask_phone

# 18-character ID numbers (17 digits + digit/X) and 11-digit mobiles, not inside longer
# digit runs; a phone may be written with +86 / 86 in front.
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d{9})(?!\d)")


def redact(text: str) -> str:
    text = _ID.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE.sub(lambda m: m.group(0)[:-11] + mask_phone(m.group(1)), text)


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
