"""Who supervises: the 监委会 (and street and district administrators) comment, flag and
score; community staff read their community's summary and answer flags. Comments and
scores sit at their community's path."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import Comment, Score


class Action:
    VIEW_SUPERVISION = "view_supervision"  # the weekly summary, comments, monthly scores
    SUPERVISE = "supervise"  # 监委会: comment, flag, compute and adjust scores
    ANSWER_FLAGS = "answer_flags"  # the community answers a supervisor's flag


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.VIEW_SUPERVISION, Action.SUPERVISE, Action.ANSWER_FLAGS},
    Role.STREET_ADMIN: {Action.VIEW_SUPERVISION, Action.SUPERVISE, Action.ANSWER_FLAGS},
    Role.COMMUNITY_STAFF: {Action.VIEW_SUPERVISION, Action.ANSWER_FLAGS},
    Role.SUPERVISOR: {Action.VIEW_SUPERVISION, Action.SUPERVISE},
}


class SupervisionPolicy(ModelPolicy):
    view_action = Action.VIEW_SUPERVISION


comment_policy = SupervisionPolicy(Comment)
score_policy = SupervisionPolicy(Score)

POLICIES = (comment_policy, score_policy)


def can_view_summaries(user) -> bool:
    """The weekly summary and the monthly scores are a whole community's pages: open to
    whoever holds the view over a community or more. The pages and the menu entry ask this."""
    # Paths are district.street.community[.grid]: a community path has two dots.
    return any(p.count(".") <= 2 for p in user.scope_for(Action.VIEW_SUPERVISION).paths)
