"""A last line of defence for personal data in logs, and the masking of free text.

Code must not log ID numbers or phones in the first place (DESIGN.md §8), but a log line
can still carry one by accident: an exception message quoting a bad input, a URL with a
search query, a third-party library's debug output. This filter, installed on every
handler, masks anything shaped like a mainland ID number or mobile phone number before the
record is written, exactly as the pages mask them. :func:`redact_text` is the same rule for
any other text that leaves the system (public case descriptions, for instance).

What counts as "shaped like" one:

- an ID number: 17 digits and a digit or X, not inside a longer run of digits (letters
  around it do not protect it: ``51170319830808551Xa`` in a traceback is masked), and
  possibly written in groups with single hyphens or spaces (``511703-19830808-551X``,
  ``511703 19830808 551X``); grouped forms need a real birth date in the middle, so a
  list of small numbers is left alone;
- inside a longer run of digits, any 18 consecutive characters that form a complete ID
  number (a real birth date and the right check character);
- a mobile number: 11 digits starting 13–19, possibly after +86 / 86 and possibly in
  groups (``138-1234-5678``, ``+86 138 1234 5678``), not inside a longer run of digits.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from .validators import ID_MASK_KEEP, id_check_char

_SEP = r"[- ]?"
# Digits, possibly grouped by single hyphens or spaces, possibly ending in X: the places
# an ID number can hide. Each run is then examined 18 characters at a time.
_RUN = re.compile(rf"\d(?:{_SEP}\d)*(?:{_SEP}[Xx])?")
_PHONE = re.compile(rf"(?<!\d)(?:\+?86{_SEP})?(1{_SEP}[3-9](?:{_SEP}\d){{9}})(?!\d)")
_ID_KEEP = ID_MASK_KEEP  # characters shown at the start and the end, as the pages show them
_PHONE_KEEP = (3, 4)


def _real_date(chars: str) -> bool:
    try:
        day = dt.date(int(chars[0:4]), int(chars[4:6]), int(chars[6:8]))
    except ValueError:
        return False
    return 1880 <= day.year <= 2100


def _complete_id(chars: str) -> bool:
    return (chars[0] != "0" and chars[:17].isdigit() and _real_date(chars[6:14])
            and id_check_char(chars[:17]) == chars[17].upper())


def _ids_in_run(m: re.Match) -> str:
    text = m.group(0)
    at = [i for i, c in enumerate(text) if c not in "- "]  # where each character sits
    chars = "".join(text[i] for i in at)
    starts = [s for s in range(len(chars) - 17) if _complete_id(chars[s:s + 18])]
    if len(chars) == 18 and chars[:17].isdigit() and (len(text) == 18
                                                      or _real_date(chars[6:14])):
        starts.append(0)  # the whole run has an ID's shape (a mistyped one is still one)
    hidden = {at[s + k] for s in starts for k in range(_ID_KEEP[0], 18 - _ID_KEEP[1])}
    if not hidden:
        return text
    return "".join("*" if i in hidden else c for i, c in enumerate(text))


def _phone_match(m: re.Match) -> str:
    head = m.group(0)[:m.start(1) - m.start(0)]
    digits = m.group(1)
    at = [i for i, c in enumerate(digits) if c.isdigit()]
    hidden = set(at[_PHONE_KEEP[0]:len(at) - _PHONE_KEEP[1]])
    return head + "".join("*" if i in hidden else c for i, c in enumerate(digits))


def redact_text(text: str) -> str:
    """``text`` with every ID number and mobile number in it masked (see the module
    docstring for the shapes recognised)."""
    return _PHONE.sub(_phone_match, _RUN.sub(_ids_in_run, text))


redact = redact_text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact_text(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True
