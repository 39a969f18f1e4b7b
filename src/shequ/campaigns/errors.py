"""Error codes of activities and selections (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class CampaignErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found, out_of_scope…) are ``core.errors.ErrorCode``."""

    ALREADY_CHECKED_IN = "already_checked_in"
    ALREADY_VOTED = "already_voted"
    NO_VOTES_LEFT = "no_votes_left"
    NOT_A_CANDIDATE = "not_a_candidate"
    NOT_A_RESIDENT = "not_a_resident"
    VOTING_CLOSED = "voting_closed"
    CHECKIN_CLOSED = "checkin_closed"
    CLOSED = "closed"
    INVALID_TRANSITION = "invalid_transition"
    NOMINATIONS_CLOSED = "nominations_closed"
    NOT_A_VOLUNTEER = "not_a_volunteer"
    NOT_SIGNED_UP = "not_signed_up"
