from .activities import (  # noqa: F401
    activity_check_in,
    activity_create,
    activity_report,
    attendance_mark,
    photo_add,
    signup_cancel,
    signup_create,
)
from .selections import (  # noqa: F401
    VoteError,
    nomination_review,
    nomination_submit,
    selection_create,
    selection_open_voting,
    selection_publish,
    vote_cast,
    voting_open,
)
