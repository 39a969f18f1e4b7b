from .activities import (  # noqa: F401
    activity_cancel,
    activity_check_in,
    activity_create,
    activity_report,
    activity_update,
    attendance_mark,
    photo_add,
    signup_cancel,
    signup_create,
)
from .selections import (  # noqa: F401
    nomination_review,
    nomination_submit,
    selection_create,
    selection_open_voting,
    selection_publish,
    selection_update,
    vote_cast,
    voting_open,
)
