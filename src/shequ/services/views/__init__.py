"""The pages of 民生联解 (one module per concern; the URLconf mounts them from here)."""

from .catalogue import AuthorisationNew, ItemEdit, ItemList, ItemNew, item_retire
from .opinions import OpinionList, SessionList, SessionNew, opinion_detail, session_detail
from .requests import (
    HomeRound,
    MyRequests,
    RequestList,
    request_detail,
    request_new,
    request_step,
    visit_new,
)

__all__ = ["AuthorisationNew", "HomeRound", "ItemEdit", "ItemList", "ItemNew", "MyRequests",
           "OpinionList", "RequestList", "SessionList", "SessionNew", "item_retire",
           "opinion_detail", "request_detail", "request_new", "request_step", "session_detail",
           "visit_new"]
