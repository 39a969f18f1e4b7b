"""Column values for personal data. The single place that turns a raw ID number or phone
into what is stored (ciphertext, keyed hash, masked form, search tail). Services, import
and the demo generator all call these functions.

The masked ID number keeps the first 3 and the last character (``511**************X``,
``core.validators.mask_id_number``, which log masking shares). A mask must survive what is
shown beside it: people who may not reveal see the age or birth year, the gender and the
region (the local one, known to all). An ID number is region(6) + birth date(8) +
sequence(3, odd for men) + a check character computed from the rest, so what remains
unknown is counted as: ≈365 birth dates × 500 sequences ÷ 11 (the visible check
character) ≈ 16,600 valid numbers. The former mask (first 6 + last 4) left only the birth
date, rebuilt exactly from the birth date shown next to it, and still ≈33 numbers with the
age alone; first 3 + last 2 leaves ≈3,300. The full birth date is therefore shown only to
actors who may reveal the number (``may_see_birth_date``) and in revealed exports.
"""

from __future__ import annotations

from dataclasses import dataclass

from shequ.core import crypto
from shequ.core.actors import is_system
from shequ.core.phones import EMPTY_PHONE, PHONE_KIND, PhoneColumns, phone_columns, phone_hash
from shequ.core.scoping import Scope
from shequ.core.validators import IdNumber, mask_id_number, parse_id_number

__all__ = ["EMPTY_PHONE", "ID_KIND", "PHONE_KIND", "IdColumns", "PhoneColumns", "id_columns",
           "id_columns_for", "id_hash", "phone_columns", "phone_hash"]

ID_KIND = "id"


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


def birth_date_scope(actor):
    """Where ``actor`` may see full birth dates: where they may reveal ID numbers (a birth
    date beside the masked number narrows it to ≈45 numbers). None: everywhere (the
    system, SYSTEM); nowhere for nobody (``None``, anonymous). Everyone else sees the age
    and birth year."""
    if is_system(actor):
        return None
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Scope()
    return actor.scope_for("reveal_pii")


def shows_birth_date(scope, path: str) -> bool:
    return scope is None or scope.covers_path(path)


def id_hash(canonical: str) -> str:
    return crypto.blind_index(ID_KIND, canonical)
