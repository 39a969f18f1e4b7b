"""Who may do what in 干部联评: the actions, which roles hold them (declared in the app's
manifest) and one permission policy per scoped model.

Staff act by place: questionnaires, rounds, results and commitments of their area.
Evaluators act as themselves: a resident answers the surveys of where they live, a unit
liaison answers for their units, and a party member or liaison keeps their own commitments
— those row rules are here (:func:`evaluator_keys`, :meth:`CommitmentPolicy.allows`), so
each is written once."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy
from shequ.members import selectors as member_selectors
from shequ.registry.selectors import lives_in, resident_of

from .models import Assessment, Commitment, Questionnaire, Round, RoundPair


class Action:
    VIEW_EVALUATIONS = "view_evaluations"
    MANAGE_EVALUATIONS = "manage_evaluations"  # questionnaires, rounds, rating units, results
    RESPOND = "evaluation_respond"               # answer surveys / rate the community
    KEEP_COMMITMENTS = "keep_commitments"        # publish, record, report one's own
    RATE_COMMITMENTS = "rate_commitments"        # 评诺 as a resident or the committee


_VIEW = {Action.VIEW_EVALUATIONS}
_MANAGE = {Action.VIEW_EVALUATIONS, Action.MANAGE_EVALUATIONS, Action.RATE_COMMITMENTS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: set(_MANAGE),
    Role.STREET_ADMIN: set(_MANAGE),
    Role.COMMUNITY_STAFF: set(_MANAGE),
    Role.GRID_WORKER: {Action.RESPOND},
    Role.SUPERVISOR: set(_VIEW),
    Role.UNIT_LIAISON: {Action.RESPOND, Action.KEEP_COMMITMENTS},
    Role.PARTY_MEMBER: {Action.RESPOND, Action.KEEP_COMMITMENTS, Action.RATE_COMMITMENTS},
    Role.RESIDENT: {Action.RESPOND, Action.RATE_COMMITMENTS},
}


def _signed_in(user) -> bool:
    return user is not None and not is_system(user) and getattr(user, "is_authenticated",
                                                                  False)


def liaison_unit_ids(user) -> set[int]:
    """The units ``user`` answers for as liaison (cached on the user for the request)."""
    if not _signed_in(user):
        return set()
    cached = getattr(user, "_evaluation_units", None)
    if cached is None:
        cached = {u.pk for u in member_selectors.liaison_units(user)}
        user._evaluation_units = cached
    return cached


def evaluator_keys(user) -> dict[str, str]:
    """The evaluator keys ``user`` may answer as: ``user:<id>`` for themselves, and one
    ``unit:<id>`` per unit they are liaison for."""
    if not _signed_in(user):
        return {}
    keys = {f"user:{user.pk}": "user"}
    keys.update({f"unit:{u}": "unit" for u in liaison_unit_ids(user)})
    return keys


class EvaluationPolicy(ModelPolicy):
    """Questionnaires, rounds, pairs and assessments sit at their area; staff who cannot
    see one are told it does not exist."""

    view_action = Action.VIEW_EVALUATIONS


class CommitmentPolicy(ModelPolicy):
    """A commitment sits at its community. Its keeper sees and works on it wherever they
    are; residents of the community see it and, once reported, rate it."""

    view_action = Action.VIEW_EVALUATIONS

    def allows(self, user, action, obj):
        if isinstance(obj, str) or not _signed_in(user):
            return None
        if obj.user_id == user.pk and action in (Action.VIEW_EVALUATIONS,
                                                 Action.KEEP_COMMITMENTS):
            return True
        if action in (Action.VIEW_EVALUATIONS, Action.RATE_COMMITMENTS) and user.can(
                Action.RATE_COMMITMENTS) and lives_in(resident_of(user), obj.path):
            return True
        return None


questionnaire_policy = EvaluationPolicy(Questionnaire)
round_policy = EvaluationPolicy(Round)
pair_policy = EvaluationPolicy(RoundPair)
assessment_policy = EvaluationPolicy(Assessment)
commitment_policy = CommitmentPolicy(Commitment)

POLICIES = (questionnaire_policy, round_policy, pair_policy, assessment_policy,
            commitment_policy)
