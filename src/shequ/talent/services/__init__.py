"""The writes of 创业联助, one module per concern: the alliance, demands and the reserve,
referrals. Other apps and the pages import them from here."""

from .alliance import (
    attendance_set,
    follow_up_add,
    follow_up_done,
    member_join,
    member_leave,
    session_add,
    session_update,
)
from .referrals import STEPS, refer, referral_advance
from .reserve import (
    consent_withdraw,
    demand_close,
    demand_create,
    demand_reopen,
    demand_update,
    profile_save,
    recruiter_add,
)

__all__ = [
    "STEPS", "attendance_set", "consent_withdraw", "demand_close", "demand_create",
    "demand_reopen", "demand_update", "follow_up_add", "follow_up_done", "member_join",
    "member_leave", "profile_save", "recruiter_add", "refer", "referral_advance",
    "session_add", "session_update",
]
