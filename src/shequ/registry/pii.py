"""Column values for personal data. The single place that turns a raw ID number or phone
into what is stored (ciphertext, keyed hash, masked form, search tail). Services, import
and the demo generator all call these functions."""

from __future__ import annotations

from dataclasses import dataclass

from shequ.core import crypto
from shequ.core.validators import IdNumber, mask_id_number, mask_phone, parse_id_number, parse_phone

ID_KIND = "id"
PHONE_KIND = "phone"


@dataclass(frozen=True)
class IdColumns:
    parsed: IdNumber
    enc: bytes
    hash: str
    masked: str
    tail4: str

    def as_fields(self) -> dict:
        return {
            "id_number_enc": self.enc,
            "id_number_hash": self.hash,
            "id_number_masked": self.masked,
            "id_tail4": self.tail4,
        }


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


def id_columns(raw: str) -> IdColumns:
    """Validate (raises ValidationError) and compute the stored columns of an ID number."""
    parsed = parse_id_number(raw)
    return id_columns_for(parsed)


def id_columns_for(parsed: IdNumber) -> IdColumns:
    v = parsed.value
    return IdColumns(
        parsed=parsed,
        enc=crypto.encrypt(v),
        hash=id_hash(v),
        masked=mask_id_number(v),
        tail4=v[-4:],
    )


def id_hash(canonical: str) -> str:
    return crypto.blind_index(ID_KIND, canonical)


def phone_columns(raw: str | None) -> PhoneColumns:
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
