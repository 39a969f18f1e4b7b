"""The demo case generator: a small district, a few hundred cases, consistent histories."""

import datetime as dt

import pytest
from django.db.models import Count

from shequ.ledgers.demo import generate_cases
from shequ.ledgers.models import Case, CaseEvent, EarlyWarning

pytestmark = pytest.mark.django_db


@pytest.fixture
def district(db):
    from shequ.demo import generator

    generator.load(scale="tiny", seed=5)


def test_generated_cases_have_consistent_histories(district):
    end = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    counts = generate_cases(seed=3, per_year=400, end=end, evaluation_months=1)
    assert counts["cases"] == 400 and Case.objects.count() == 400
    # every case's version counts its events; the last event's state is the case's state
    for case in Case.objects.annotate(n=Count("events")).prefetch_related("events")[:400]:
        events = list(case.events.all())
        assert case.version == case.n == len(events)
        assert events[0].kind == "create" and events[-1].to_state == case.state
        assert all(e.at <= end for e in events)
        if case.state in ("closed", "rejected"):
            assert case.closed_at is not None
        if case.assigned_to_id:
            assert case.assigned_to.grants.filter(role="grid_worker", area=case.grid).exists()
    assert CaseEvent.objects.count() == counts["case_events"]
    assert EarlyWarning.objects.count() == counts["warnings"]
    states = set(Case.objects.values_list("state", flat=True))
    assert {"closed", "in_progress", "rejected"} <= states
