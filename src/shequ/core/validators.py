"""Validators for Chinese identifiers: resident ID (GB 11643-1999), unified social credit
code (GB 32100-2015), phone numbers. Each ``parse_*`` returns the canonical form or raises
``django.core.exceptions.ValidationError`` with a message a clerk can act on."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import ErrorCode

_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)}
_FULLWIDTH.update({0xFF21 + i: 0x41 + i for i in range(26)})
_FULLWIDTH.update({0xFF41 + i: 0x61 + i for i in range(26)})
_FULLWIDTH.update({0x3000: 0x20, 0xFF0B: 0x2B, 0xFF0D: 0x2D, 0xFF08: 0x28, 0xFF09: 0x29})


def halfwidth(value: str) -> str:
    """Full-width digits, letters, space, plus, minus and brackets to ASCII."""
    return value.translate(_FULLWIDTH)


# --- GB 11643-1999 citizen identity number -------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^[1-9]\d{16}[\dX]$")


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: dt.date
    gender: str  # "M" or "F"

    @property
    def region(self) -> str:
        return self.value[:6]


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate an 18-character resident ID: format, birth date, check character."""
    value = re.sub(r"\s+", "", halfwidth(str(raw))).upper()
    if not value:
        raise ValidationError(_("ID number is required."), code=ErrorCode.REQUIRED)
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", value):
        raise ValidationError(
            _(
                "The ID number was stored by Excel as a number in scientific notation and "
                "its last digits are lost; re-enter it as text."
            ),
            code=ErrorCode.ID_SCIENTIFIC,
        )
    if len(value) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(n)d.") % {"n": len(value)},
            code=ErrorCode.ID_LENGTH,
        )
    if not _ID_RE.match(value):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code=ErrorCode.ID_FORMAT
        )
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date inside the ID number (%(d)s) is not a real date.")
            % {"d": value[6:14]},
            code=ErrorCode.ID_BIRTH_DATE,
        ) from exc
    today = today or dt.date.today()
    if birth > today or birth.year < 1880:
        raise ValidationError(
            _("The birth date inside the ID number (%(d)s) is impossible.") % {"d": value[6:14]},
            code=ErrorCode.ID_BIRTH_DATE,
        )
    expected = id_check_char(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("The check character of the ID number is wrong; please verify the number."),
            code=ErrorCode.ID_CHECKSUM,
        )
    gender = "M" if int(value[16]) % 2 else "F"
    return IdNumber(value=value, birth_date=birth, gender=gender)


# Characters an ID-number mask shows at the start and at the end (why so few: registry/pii.py).
ID_MASK_KEEP = (3, 1)


def mask_id_number(value: str) -> str:
    head, tail = ID_MASK_KEEP
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


# --- GB 32100-2015 unified social credit code -----------------------------------------
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def parse_credit_code(raw: str) -> str:
    """Validate an 18-character unified social credit code including its check character."""
    value = re.sub(r"\s+", "", halfwidth(str(raw))).upper()
    if not value:
        raise ValidationError(_("Credit code is required."), code=ErrorCode.REQUIRED)
    if len(value) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d.")
            % {"n": len(value)},
            code=ErrorCode.USCC_LENGTH,
        )
    if not _USCC_RE.match(value):
        raise ValidationError(
            _(
                "A unified social credit code uses digits and capital letters except "
                "I, O, Z, S and V, with a 6-digit region code in positions 3–8."
            ),
            code=ErrorCode.USCC_FORMAT,
        )
    if value[17] != uscc_check_char(value[:17]):
        raise ValidationError(
            _("The check character of the credit code is wrong; please verify the code."),
            code=ErrorCode.USCC_CHECKSUM,
        )
    return value


def validate_credit_code(raw: str) -> str:
    """A unified social credit code as stored (upper case, check character verified); the
    one entry point for pages, API, CLI and imports. Raises ValidationError."""
    return parse_credit_code(raw)


# --- 统计用区划代码 (statistical division codes) -----------------------------------------
# Digits per level: county/district 6, township/street 9, village/community 12; a grid
# (not a statistical level) extends its community's code by 3 digits.
AREA_CODE_LENGTH = {"district": 6, "street": 9, "community": 12, "grid": 15}


def validate_area_code(raw: str, *, kind: str, parent_code: str | None = None) -> str:
    """An area code in its canonical length. The 12-digit padded form offices often copy
    (``511703001000``) is accepted for a district or street when the padding is zeros; a
    child's code must begin with its parent's code. Raises ValidationError."""
    value = re.sub(r"\s+", "", halfwidth(str(raw or "")))
    length = AREA_CODE_LENGTH[kind]
    if not value:
        raise ValidationError(_("Code is required."), code=ErrorCode.REQUIRED)
    if not value.isdigit():
        raise ValidationError(_("An area code contains only digits."), code=ErrorCode.AREA_CODE_FORMAT)
    if len(value) == 12 and length < 12 and value[length:] == "0" * (12 - length):
        value = value[:length]
    if len(value) != length:
        raise ValidationError(
            _("This level's code has %(n)d digits; this one has %(got)d.")
            % {"n": length, "got": len(value)},
            code=ErrorCode.AREA_CODE_LENGTH,
        )
    if parent_code is not None and not value.startswith(parent_code):
        raise ValidationError(
            _("The code %(code)s does not lie under its parent's code %(parent)s.")
            % {"code": value, "parent": parent_code},
            code=ErrorCode.AREA_CODE_PARENT,
        )
    if value[len(parent_code or ""):].strip("0") == "" and parent_code is not None:
        raise ValidationError(
            _("The digits after the parent's code cannot all be zero."), code=ErrorCode.AREA_CODE_FORMAT)
    return value


# --- Phone numbers ---------------------------------------------------------------------
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")


def parse_phone(raw: str) -> str:
    """Mainland mobile (11 digits) or landline with area code; +86, spaces, dashes dropped."""
    value = halfwidth(str(raw)).strip()
    value = re.sub(r"[\s\-()（）.]", "", value)
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    if not value:
        raise ValidationError(_("Phone number is required."), code=ErrorCode.REQUIRED)
    if not value.isdigit():
        raise ValidationError(_("A phone number contains only digits."), code=ErrorCode.PHONE_FORMAT)
    if _MOBILE_RE.match(value) or _LANDLINE_RE.match(value):
        return value
    if value.startswith("1"):
        raise ValidationError(
            _("A mobile number has 11 digits starting 13–19; this one has %(n)d digits.")
            % {"n": len(value)},
            code=ErrorCode.PHONE_FORMAT,
        )
    raise ValidationError(
        _("Not a valid phone number: use an 11-digit mobile or a landline with area code."),
        code=ErrorCode.PHONE_FORMAT,
    )


def mask_phone(value: str) -> str:
    return value[:3] + "*" * max(len(value) - 7, 1) + value[-4:]
