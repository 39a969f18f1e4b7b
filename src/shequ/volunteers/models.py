"""The models of every sub-domain, where Django (and other apps) look for them. Each lives
beside its services, selectors, API and pages: people/, teams/, needs/, records/, points/."""

from .needs.models import (  # noqa: F401
    ACTIVE_ASSIGNMENT_STATES,
    BUSY_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    NeedState,
    ServiceNeed,
)
from .people.models import (  # noqa: F401
    ALL_WEEK,
    BANDS,
    Skill,
    Volunteer,
    VolunteerSkill,
)
from .points.models import (  # noqa: F401
    EntryKind,
    PointsAccount,
    PointsEntry,
    PointsRate,
    RateUnit,
    Redemption,
    RedemptionState,
    Reward,
    RewardKind,
)
from .records.models import (  # noqa: F401
    RecordState,
    ServiceRecord,
)
from .teams.models import (  # noqa: F401
    OrgKind,
    OrgStatus,
    ServiceOrganisation,
    ServiceProject,
)
