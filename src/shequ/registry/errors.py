"""Error codes of the resident registry (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class RegistryErrorCode(AppErrorCode):
    """The registry's own codes; the shared ones are ``core.errors.ErrorCode``."""

    HOUSEHOLD_HAS_HEAD = "household_has_head"
    ID_BIRTH_MISMATCH = "id_birth_mismatch"
    ID_GENDER_MISMATCH = "id_gender_mismatch"
    INVALID_CHOICE = "invalid_choice"
