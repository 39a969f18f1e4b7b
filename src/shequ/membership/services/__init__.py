"""The doors of the online party branch for writes (dues, transfers, posts)."""

from .dues import (  # noqa: F401
    amount_for,
    can_reveal_base,
    dues_base_reveal,
    dues_pay,
    dues_profile_set,
    profile_base,
)
from .dues_import import Imported, Problem, StatementRefused, dues_import  # noqa: F401
from .posts import branch_post_create  # noqa: F401
from .transfers import (  # noqa: F401
    has_left,
    transfer_confirm,
    transfer_request,
    transfer_return,
    transfer_send,
)
