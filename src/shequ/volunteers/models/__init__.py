from .people import (  # noqa: F401
    ALL_WEEK,
    BANDS,
    OrgKind,
    OrgStatus,
    ServiceOrganisation,
    Skill,
    Volunteer,
    VolunteerSkill,
)
from .points import (  # noqa: F401
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
from .work import (  # noqa: F401
    ACTIVE_ASSIGNMENT_STATES,
    BUSY_ASSIGNMENT_STATES,
    Assignment,
    AssignmentState,
    NeedState,
    RecordState,
    ServiceNeed,
    ServiceProject,
    ServiceRecord,
)
