"""The writes of 干部联评, gathered from their modules: questionnaires and rounds, responses,
results and the 评先选优 offer, commitments. Other apps and the doors import this."""

from .commitments import (  # noqa: F401
    action_record,
    commitment_publish,
    commitment_rate,
    commitment_report,
)
from .questionnaires import (  # noqa: F401
    committee_pairs,
    questionnaire_create,
    round_close,
    round_create,
)
from .responses import (  # noqa: F401
    clean_answers,
    questionnaire_for,
    questions_for,
    response_submit,
)
from .results import FORMULA, candidates_offer, results_compute  # noqa: F401
