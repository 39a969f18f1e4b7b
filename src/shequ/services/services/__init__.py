"""The writes of 民生联解. Every service is keyword-only, atomic, permission-checked through
``policies`` and audited in the same transaction."""

from .catalogue import item_create, item_retire, item_update
from .deadlines import requests_warn_due
from .opinions import (
    opinion_answer,
    opinion_file_case,
    opinion_record,
    opinion_refer,
    session_create,
)
from .people import authorisation_record, authorisation_revoke, visit_log, visits_counted
from .requests import (
    check_authorisation,
    request_accept,
    request_complete,
    request_hand_off,
    request_rate,
    request_refuse,
    request_submit,
    request_withdraw,
)

__all__ = [
    "authorisation_record", "authorisation_revoke", "check_authorisation", "item_create",
    "item_retire", "item_update", "opinion_answer", "opinion_file_case", "opinion_record",
    "opinion_refer", "request_accept", "request_complete", "request_hand_off", "request_rate",
    "request_refuse", "request_submit", "request_withdraw",
    "requests_warn_due", "session_create", "visit_log", "visits_counted",
]
