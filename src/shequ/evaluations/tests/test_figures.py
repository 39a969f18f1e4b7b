"""The dashboard's evaluation figures: per community, the rounds open now (not the closed
one), the commitments past their period without a report and those reported this month;
another community's staff see only theirs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.evaluations.figures import FIGURES
from shequ.evaluations.models import Commitment, Round
from shequ.testing import factories as f


def _commitment(community, state, period_end, reported_at=None):
    return Commitment.objects.create(
        kind="party_member", person="党员甲", community=community, title="每月走访",
        period_start=period_end - dt.timedelta(days=180), period_end=period_end, state=state,
        reported_at=reported_at, path=community.path)


def test_evaluation_figures_per_community_and_in_scope(tree, survey):
    other = f.second_community(tree)
    now, today = timezone.now(), timezone.localdate()
    closed = Round.objects.get(pk=survey.pk)
    closed.pk, closed.title, closed.closes_at = None, "已结束", now - dt.timedelta(hours=1)
    closed.opens_at = now - dt.timedelta(days=3)
    closed.save()
    past, future = today - dt.timedelta(days=1), today + dt.timedelta(days=30)
    _commitment(tree.community, "published", past)
    _commitment(tree.community, "published", future)
    _commitment(tree.community, "reported", past, reported_at=now)
    _commitment(other, "published", past)
    _commitment(other, "reported", past, reported_at=now - dt.timedelta(days=400))
    place = f.figure_place(tree.street, tree.community)
    admin = f.user(Role.STREET_ADMIN, tree.street)

    def values(key, actor=admin):
        return f.figure_values(FIGURES, f"evaluations.{key}", actor, place)

    assert values("rounds_open") == {tree.community.path: 1}
    assert values("commitments_overdue") == {tree.community.path: 1, other.path: 1}
    assert values("commitments_reported") == {tree.community.path: 1}
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    assert values("rounds_open", theirs) == {}
    assert values("commitments_overdue", theirs) == {other.path: 1}
