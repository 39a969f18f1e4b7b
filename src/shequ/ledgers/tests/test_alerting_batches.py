"""Intake's warning batches grow an open warning by the batch's cases without running the
rule over its whole window again (in a burst every batch did, and the worker's reads grew
with the burst instead of the batch)."""

import datetime as dt

import pytest
from django.utils import timezone

from shequ.ledgers.alerting import oncase
from shequ.ledgers.models import Category, EarlyWarning

pytestmark = pytest.mark.django_db


def _refuse_rule(monkeypatch, kind):
    def refused(*_a, **_k):
        raise AssertionError(f"the {kind} rule re-read its window for an open warning")

    monkeypatch.setitem(oncase.RULES, kind, refused)


def test_an_open_cluster_gains_the_new_case_and_its_count(make_case, monkeypatch):
    # given an open cluster warning over five cases
    for _ in range(5):
        make_case()
    (w,) = EarlyWarning.objects.filter(kind="cluster")
    # when a sixth and a seventh arrive, the rule itself not run again
    _refuse_rule(monkeypatch, "cluster")
    sixth, seventh = make_case(), make_case()
    # then both are evidence of the same warning, whose count follows
    w.refresh_from_db()
    assert EarlyWarning.objects.filter(kind="cluster").count() == 1
    assert {sixth.pk, seventh.pk} <= set(w.cases.values_list("pk", flat=True))
    assert w.cases.count() == 7 and w.detail["count"] == 7


def test_a_closed_cluster_is_decided_by_the_rule_again(make_case, grid_worker, monkeypatch):
    # given a cluster warning a person closed
    for _ in range(5):
        make_case()
    EarlyWarning.objects.filter(kind="cluster").update(state="closed",
                                                       closed_at=timezone.now())
    # when another case of the same grid and category arrives
    ran = []
    rule = oncase.RULES["cluster"]
    monkeypatch.setitem(oncase.RULES, "cluster", lambda *a: ran.append(1) or rule(*a))
    make_case()
    # then the rule decides (only cases after the closing count: no new warning yet)
    assert ran
    assert EarlyWarning.objects.filter(kind="cluster").exclude(state="closed").count() == 0


def test_an_open_spike_gains_the_new_case(make_case, monkeypatch):
    # given five cases this week in one grid, of different categories (no cluster), which
    # raised a spike over a quiet history
    codes = ["noise", "utilities", "complaint", "noise", "utilities"]
    for i, code in enumerate(codes):
        make_case(category=Category.objects.get(code=code), attributes={"noise_time": "day"},
                  received_at=timezone.now() - dt.timedelta(hours=i))
    (w,) = EarlyWarning.objects.filter(kind="spike")
    # when another case arrives, the rule itself not run again
    _refuse_rule(monkeypatch, "spike")
    sixth = make_case(category=Category.objects.get(code="complaint"))
    # then it is evidence of the same spike, whose week count follows
    w.refresh_from_db()
    assert w.cases.filter(pk=sixth.pk).exists() and w.cases.count() == 6
    assert w.detail["this_week"] == 6
