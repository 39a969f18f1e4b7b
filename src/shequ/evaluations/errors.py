"""Error codes of the evaluation services (stable strings the API returns)."""

from __future__ import annotations

from shequ.core.errors import AppErrorCode


class EvaluationErrorCode(AppErrorCode):
    """Stable codes this app's services return (the API's ``code``); the shared ones
    (required, duplicate, not_found…) are ``core.errors.ErrorCode``."""

    ROUND_NOT_OPEN = "round_not_open"
    ROUND_CLOSED = "round_closed"
    ALREADY_RESPONDED = "already_responded"
    NOT_AN_EVALUATOR = "not_an_evaluator"
    BAD_ANSWER = "bad_answer"
    MISSING_ANSWER = "missing_answer"
    NO_QUESTIONS = "no_questions"
    NO_PAIRS = "no_units_to_evaluate"
    ROUND_STARTED = "round_started"
    RESULTS_NOT_READY = "results_not_ready"
    NOT_COMMITTER = "not_a_committer"
    COMMITMENT_REPORTED = "commitment_reported"
    COMMITMENT_NOT_REPORTED = "commitment_not_reported"
    ALREADY_RATED = "already_rated"
    BAD_PROGRESS = "bad_progress"
    BAD_EVIDENCE = "bad_evidence"
