"""The volunteers app's writes. Other apps use these (and nothing else of this app's
internals): ``volunteer_register``, ``record_open``/``attendance_mark`` for their own work,
``points_award`` for configured acts."""

from .needs.services import (  # noqa: F401
    assignment_cancel,
    assignment_confirm,
    assignment_respond,
    assignment_sign_up,
    need_create,
    need_create_series,
    need_set_state,
    proposals_replace,
)
from .people.services import (  # noqa: F401
    skill_create,
    skill_update,
    volunteer_follow_home,
    volunteer_register,
    volunteer_update,
)
from .points.services import (  # noqa: F401
    account_for,
    points_adjust,
    points_award,
    points_redeem,
    points_transfer,
    rate_set,
    redemption_collect,
    reward_create,
    reward_restock,
    reward_update,
)
from .records.services import (  # noqa: F401
    attendance_mark,
    need_check_in,
    record_check_out,
    record_enter,
    record_open,
    record_reject,
    record_verify,
)
from .teams.services import (  # noqa: F401
    organisation_create,
    organisation_dissolve,
    organisation_register,
    organisation_set_members,
    organisation_update,
    project_create,
    project_update,
)
