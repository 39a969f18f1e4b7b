"""Error codes of the resources services (stable strings the API returns)."""

from __future__ import annotations

from django.utils.timezone import localtime

from shequ.core.errors import AppErrorCode, Conflict


class ResourceErrorCode(AppErrorCode):
    """Stable codes of this app (the API's ``code``); the shared ones are
    ``core.errors.ErrorCode``."""

    OUTSIDE_HOURS = "outside_opening_hours"
    CLOSED_DAY = "closed_day"
    IN_PAST = "in_the_past"
    OVER_CAPACITY = "over_capacity"
    OVER_QUOTA = "over_quota"
    NOT_ALLOWED_TO_BOOK = "not_allowed_to_book"
    OWN_OVERLAP = "overlaps_own_booking"
    SLOT_TAKEN = "slot_taken"
    RETIRED = "resource_retired"
    INVALID_TRANSITION = "invalid_transition"
    NO_PROPOSAL = "no_proposal"
    FILE_TYPE = "file_type"
    TOO_LARGE = "file_too_large"
    SERIES_TOO_LONG = "series_too_long"


class SlotTaken(Conflict):
    """409 naming the confirmed booking in the way, so a client can offer another time."""

    def __init__(self, message: str, *, slot=None, field: str | None = "starts_at"):
        super().__init__(message, code=ResourceErrorCode.SLOT_TAKEN, field=field)
        self.slot = slot

    def as_dict(self) -> dict:
        out = super().as_dict()
        if self.slot is not None:
            out["conflict"] = {"booking": self.slot.pk,
                               "starts_at": localtime(self.slot.starts_at).isoformat(),
                               "ends_at": localtime(self.slot.ends_at).isoformat()}
        return out
