"""Error codes of the service-request services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class ServiceErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found…) are ``core.errors.ErrorCode``."""

    ITEM_RETIRED = "item_retired"
    ITEM_NOT_OFFERED = "item_not_offered_here"
    AUTHORISATION_EXPIRED = "authorisation_expired"
    AUTHORISATION_REVOKED = "authorisation_revoked"
    AUTHORISATION_MISMATCH = "authorisation_mismatch"
    INVALID_TRANSITION = "invalid_transition"
    STALE = "stale_version"
    ALREADY_RATED = "already_rated"
    NOT_COMPLETED = "not_completed"
    BAD_RATING = "bad_rating"
    ALREADY_DECIDED = "opinion_already_decided"
    NOT_RESIDENT = "not_a_resident"
