"""Stored columns of a phone number: ciphertext, keyed hash, masked form, last four digits.
The single place that turns a raw phone into what is stored, for every table that keeps one
(registry residents, accounts, cases). ``registry.pii`` re-exports these for its callers."""

from __future__ import annotations

from dataclasses import dataclass

from . import crypto
from .validators import mask_phone, parse_phone

PHONE_KIND = "phone"


@dataclass(frozen=True)
class PhoneColumns:
    value: str
    enc: bytes | None
    hash: str
    masked: str
    tail4: str

    def as_fields(self) -> dict:
        return {
            "phone_enc": self.enc,
            "phone_hash": self.hash,
            "phone_masked": self.masked,
            "phone_tail4": self.tail4,
        }


EMPTY_PHONE = PhoneColumns(value="", enc=None, hash="", masked="", tail4="")


def phone_columns(raw: str | None) -> PhoneColumns:
    """Validate (raises ValidationError) and compute the stored columns; empty → EMPTY_PHONE."""
    if raw is None or not str(raw).strip():
        return EMPTY_PHONE
    value = parse_phone(raw)
    return PhoneColumns(
        value=value,
        enc=crypto.encrypt(value),
        hash=phone_hash(value),
        masked=mask_phone(value),
        tail4=value[-4:],
    )


def phone_hash(canonical: str) -> str:
    return crypto.blind_index(PHONE_KIND, canonical)
