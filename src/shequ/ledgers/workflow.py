"""The case workflow (DESIGN.md §5) as ONE table of allowed transitions.

Every transition service looks its step up here; nothing else decides which state may
follow which. ``follow_*`` rows are taken by the system when a duplicate follows its
original; ``reopen`` is what an 不满意 rating does the first time.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.errors import DomainError

from .errors import CaseErrorCode
from .models import CaseState as S


class Step(StrEnum):
    CREATE = "create"
    ASSIGN = "assign"
    START = "start"
    RESOLVE = "resolve"
    CLOSE = "close"
    ESCALATE = "escalate"
    RETURN = "return"
    REJECT = "reject"
    RATE = "rate"  # satisfied / basically satisfied, or 不满意 after the one reopening
    REOPEN = "reopen"  # 不满意 the first time
    FOLLOW_RESOLVE = "follow_resolve"
    FOLLOW_CLOSE = "follow_close"
    # Steps that leave the state as it is (still events on the timeline).
    LINK = "link"
    ATTACH = "attach"
    ROUTE = "route"


STEP_LABELS = {
    Step.CREATE: gettext_lazy("take in"), Step.ASSIGN: gettext_lazy("assign"),
    Step.START: gettext_lazy("start"), Step.RESOLVE: gettext_lazy("resolve"),
    Step.CLOSE: gettext_lazy("close"), Step.ESCALATE: gettext_lazy("escalate"),
    Step.RETURN: gettext_lazy("send back"), Step.REJECT: gettext_lazy("reject"),
    Step.RATE: gettext_lazy("rate"), Step.REOPEN: gettext_lazy("reopen"),
    Step.FOLLOW_RESOLVE: gettext_lazy("resolved with the original"),
    Step.FOLLOW_CLOSE: gettext_lazy("closed with the original"),
    Step.LINK: gettext_lazy("link as duplicate"), Step.ATTACH: gettext_lazy("attach"),
    Step.ROUTE: gettext_lazy("route"),
}

TRANSITIONS: tuple[tuple[Step, S, S], ...] = (
    (Step.ASSIGN, S.RECEIVED, S.ASSIGNED),
    (Step.ASSIGN, S.ASSIGNED, S.ASSIGNED),  # reassign before work starts
    (Step.START, S.ASSIGNED, S.IN_PROGRESS),
    (Step.RESOLVE, S.IN_PROGRESS, S.RESOLVED),
    (Step.CLOSE, S.RESOLVED, S.CLOSED),
    (Step.RATE, S.RESOLVED, S.CLOSED),
    (Step.REOPEN, S.RESOLVED, S.IN_PROGRESS),
    (Step.ESCALATE, S.RECEIVED, S.ESCALATED),
    (Step.ESCALATE, S.ASSIGNED, S.ESCALATED),
    (Step.ESCALATE, S.IN_PROGRESS, S.ESCALATED),
    (Step.ESCALATE, S.ESCALATED, S.ESCALATED),  # street → district only (service checks)
    (Step.RETURN, S.ESCALATED, S.RECEIVED),  # back with instructions, nobody assigned yet
    (Step.RETURN, S.ESCALATED, S.ASSIGNED),  # back to the grid worker who had it
    (Step.REJECT, S.RECEIVED, S.REJECTED),
    (Step.REJECT, S.ASSIGNED, S.REJECTED),
    (Step.FOLLOW_RESOLVE, S.RECEIVED, S.RESOLVED),
    (Step.FOLLOW_RESOLVE, S.ASSIGNED, S.RESOLVED),
    (Step.FOLLOW_RESOLVE, S.IN_PROGRESS, S.RESOLVED),
    (Step.FOLLOW_RESOLVE, S.ESCALATED, S.RESOLVED),
    (Step.FOLLOW_CLOSE, S.RESOLVED, S.CLOSED),
)

_ALLOWED: dict[tuple[str, str], set[str]] = {}
for _step, _from, _to in TRANSITIONS:
    _ALLOWED.setdefault((_step, _from), set()).add(_to)


class InvalidTransition(DomainError):
    """The step is not allowed from the case's current state."""

    status = 409
    default_code = CaseErrorCode.INVALID_TRANSITION


def targets(step: str, state: str) -> set[str]:
    return set(_ALLOWED.get((step, state), ()))


def allowed(step: str, state: str, to_state: str | None = None) -> bool:
    options = _ALLOWED.get((step, state), set())
    return bool(options) if to_state is None else to_state in options


def check(step: str, state: str, to_state: str | None = None) -> str:
    """The state ``step`` leads to from ``state``; InvalidTransition if it is not allowed.
    Steps with two possible targets (return) must name the one they want."""
    options = _ALLOWED.get((step, state), set())
    if to_state is not None and to_state not in options:
        options = set()
    if not options:
        raise InvalidTransition(
            _("This step (%(step)s) is not allowed while the case is %(state)s.")
            % {"step": STEP_LABELS.get(step, step), "state": S(state).label}
        )
    if to_state is None:
        if len(options) != 1:
            raise InvalidTransition(_("This step needs a target state."))
        (to_state,) = options
    return to_state


def steps_from(state: str) -> set[str]:
    """The steps a user may be offered for a case in ``state``."""
    return {step for (step, s) in _ALLOWED if s == state}
