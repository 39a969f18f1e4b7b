"""平安楼栋: the monthly rating per building (the formula the page states) and the
shortlist it offers the campaigns' 平安楼栋 selection."""

from __future__ import annotations

import datetime as dt

import pytest

from shequ.campaigns import services as campaign_services
from shequ.core.errors import DomainError
from shequ.patrols import services
from shequ.patrols.models import BuildingRating

from .conftest import this_month

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("due, done, incidents, cases, expected", [
    (10, 10, 0, 0, 100), (10, 5, 0, 0, 50), (10, 10, 1, 0, 90), (10, 10, 1, 1, 70),
    (0, 0, 0, 0, 0), (4, 1, 3, 2, 0), (3, 5, 0, 0, 100)])
def test_score_formula(due, done, incidents, cases, expected):
    assert services.score(visits_due=due, visits_done=done, incidents=incidents,
                          cases=cases) == expected


def test_ratings_count_scans_incidents_and_stability_cases(plan, member, route, staff, tree,
                                                           building):
    # given two of alice's shifts have passed and she scanned the building's checkpoint once
    shifts = list(plan.shifts.filter(member=member).order_by("starts_at")[:2])
    point = route.checkpoints.get(building=building)
    services.checkpoint_check_in(actor=member.user, token=point.token,
                                 now=shifts[0].starts_at + dt.timedelta(minutes=5))
    # and one incident at the building, filed as a stability case
    incident = services.incident_report(actor=staff, grid=tree.grid1, category="dispute",
                                        building=building, note="邻里纠纷",
                                        now=shifts[0].starts_at + dt.timedelta(minutes=9))
    services.incident_file_case(actor=staff, incident=incident)
    # when the month is rated as of the end of the second shift
    n = services.ratings_compute(actor=staff, community=tree.community, month=this_month(),
                                 now=shifts[1].ends_at)
    # then every building is rated, and this one by the formula
    assert n == 2
    rating = BuildingRating.objects.get(building=building)
    due = plan.shifts.filter(starts_at__lt=shifts[1].ends_at).count()
    assert (rating.visits_due, rating.visits_done, rating.incidents, rating.cases) == (
        due, 1, 1, 1)
    assert rating.score == services.score(visits_due=due, visits_done=1, incidents=1, cases=1)
    other = BuildingRating.objects.exclude(building=building).get()
    assert other.score == 0 and other.visits_due == 0


def test_the_best_buildings_are_offered_to_a_safe_building_selection(staff, tree, building):
    BuildingRating.objects.create(building=building, month=this_month(), score=95,
                                  visits_due=10, visits_done=10, path=building.path)
    other = tree.household2.entrance.building
    BuildingRating.objects.create(building=other, month=this_month(), score=0, path=other.path)
    selection = campaign_services.selection_create(actor=staff, community=tree.community,
                                                   title="2026年平安楼栋", kind="safe_building")
    nominated = services.shortlist_offer(actor=staff, selection=selection, month=this_month())
    assert [n.building_id for n in nominated] == [building.pk]  # score 0 is not offered
    assert "95" in nominated[0].reason
    # offering again adds nothing (already nominated)
    assert services.shortlist_offer(actor=staff, selection=selection, month=this_month()) == []
    family = campaign_services.selection_create(actor=staff, community=tree.community,
                                                title="和谐家庭", kind="harmonious_family")
    with pytest.raises(DomainError):
        services.shortlist_offer(actor=staff, selection=family, month=this_month())
