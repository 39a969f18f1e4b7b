from .activities import (  # noqa: F401
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityState,
    Signup,
    SignupRole,
    SignupState,
)
from .selections import (  # noqa: F401
    Nomination,
    NominationState,
    Selection,
    SelectionKind,
    SelectionState,
    Vote,
)
