"""List selectors read a constant number of queries whatever the number of rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.evaluations import selectors, services
from shequ.evaluations.policies import Action
from shequ.territory.filters import in_area

from .conftest import answers_for, pair_of

pytestmark = pytest.mark.django_db


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_round_lists_and_results_do_not_grow_with_rows(staff, liaison, two_way, survey, orgs,
                                                       tree):
    def read():
        list(selectors.round_list(actor=staff))
        list(in_area(selectors.round_list(actor=staff, open_now=True), actor=staff,
                     action=Action.VIEW_EVALUATIONS, area_id=tree.community.pk))
        list(selectors.pair_list(actor=staff, round=two_way))
        selectors.question_results(two_way, "units")
        selectors.response_rates(two_way)
        list(selectors.unit_scores(two_way))
        list(selectors.questionnaire_list(actor=staff))
    read()
    before = queries(read)
    for unit in (orgs["hospital"], orgs["bank"]):
        services.response_submit(actor=staff, round=two_way, pair=pair_of(two_way, unit),
                                 direction="units", answers=answers_for(two_way, "units"))
    services.response_submit(actor=liaison, round=two_way, pair=pair_of(two_way, orgs["bank"]),
                             direction="leadership",
                             answers=answers_for(two_way, "leadership"))
    assert queries(read) == before


def test_commitment_lists_do_not_grow_with_rows(staff, member, tree):
    today = timezone.localdate()

    def read():
        return [(c.community.name, c.unit and c.unit.name, c.org and c.org.name,
                 c.action_count) for c in selectors.commitment_list(actor=staff)] + [
            list(in_area(selectors.commitment_list(actor=staff, overdue=True), actor=staff,
                         action=Action.VIEW_EVALUATIONS, area_id=tree.community.pk)),
            list(selectors.commitment_progress(actor=staff, by="unit")),
            list(selectors.overdue_commitments(staff, tree.street))]
    services.commitment_publish(actor=member, title="一", period_start=today,
                                period_end=today + dt.timedelta(days=3))
    read()   # the actor's grants are read once and kept
    before = queries(read)
    for i in range(4):
        services.commitment_publish(actor=member, title=f"承诺{i}", period_start=today,
                                    period_end=today + dt.timedelta(days=3))
    assert queries(read) == before
