"""The dashboard's evaluation figures: per community, the rounds open now (not the closed
one), the commitments past their period without a report and those reported this month;
another community's staff see only theirs."""

from __future__ import annotations

import datetime as dt

import pytest
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


@pytest.fixture
def other(tree):
    return f.second_community(tree)


@pytest.fixture
def rows(tree, survey, other):
    """The survey open now and a closed round in the community; in each community a
    commitment overdue, and one reported (this month in the first, long ago in the
    other); one not yet due in the first."""
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


def test_evaluation_figures_per_community_and_in_scope(tree, rows, other):
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


def test_each_evaluation_figure_drills_to_the_records_it_counts(client, tree, rows, other,
                                                                survey):
    admin = f.user(Role.STREET_ADMIN, tree.street)
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    community, street = f.figure_place(tree.community), f.figure_place(tree.street,
                                                                       tree.community)

    def drilled(key, actor, place):
        return f.drill_rows(client, FIGURES, f"evaluations.{key}", actor, place)

    # then the community's open round is its list's (not the closed one)
    assert drilled("rounds_open", admin, community) == [survey]
    # and each commitment figure lists what it counts, the street's and a community's
    for key, place in [("commitments_overdue", street), ("commitments_overdue", community),
                       ("commitments_reported", street), ("commitments_reported", community)]:
        want = sum(f.figure_values(FIGURES, f"evaluations.{key}", admin, place).values())
        assert len(drilled(key, admin, place)) == want, (key, place)
    assert {c.community_id for c in drilled("commitments_overdue", admin, community)} == {
        tree.community.pk}
    # and the other community's staff drilling into the first community see nothing
    for key in ("rounds_open", "commitments_overdue", "commitments_reported"):
        assert drilled(key, theirs, community) == []
    assert len(drilled("commitments_overdue", theirs, f.figure_place(other))) == 1
