"""The patrols app's writes (other apps and the pages, API and commands use these)."""

from .patrol import (  # noqa: F401
    checkpoint_check_in,
    incident_file_case,
    incident_report,
    shift_close,
    shifts_close_due,
)
from .plans import (  # noqa: F401
    plan_generate,
    plan_publish,
    swap_decide,
    swap_request,
)
from .ratings import FORMULA, ratings_compute, score, shortlist_offer  # noqa: F401
from .setup import (  # noqa: F401
    checkpoint_add,
    checkpoint_move,
    checkpoint_remove,
    checkpoint_reorder,
    coverage_add,
    coverage_remove,
    member_add,
    member_update,
    route_create,
)
