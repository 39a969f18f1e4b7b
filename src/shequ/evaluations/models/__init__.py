"""干部联评 (cadre co-evaluation): questionnaires and the rounds that put them to evaluators
(resident 民意 surveys, two-way community ↔ unit evaluations), their assessments, and the
commitments 承诺→践诺→述诺→评诺 of party members and part-time committee members."""

from .commitments import (  # noqa: F401
    Commitment,
    CommitmentAction,
    CommitmentRating,
    CommitmentState,
    LinkKind,
    PersonKind,
)
from .rounds import (  # noqa: F401
    Answer,
    Assessment,
    AssessmentKind,
    Ballot,
    Direction,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Round,
    RoundKind,
    RoundPair,
)
