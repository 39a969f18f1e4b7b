"""Where to add a point: the 民生 cases of the mapped ledger categories weigh on the ranking,
other categories' cases do not, and the greedy choice does not count a building twice."""

from __future__ import annotations

import pytest

from shequ.circle import evidence
from shequ.circle.walk import WalkModel
from shequ.core.actors import SYSTEM
from shequ.ledgers import services as ledger_services
from shequ.ledgers.models import Category

pytestmark = pytest.mark.django_db


def _file(code, building, n):
    category = Category.objects.get(code=code)
    for i in range(n):
        ledger_services.case_create(actor=SYSTEM, category=category, description=f"案件{i}",
                                    source="walk_in", building=building,
                                    evaluate_warnings=False)


def test_related_cases_raise_a_site_and_unrelated_ones_do_not(tree, buildings):
    west, east = buildings
    _file("elderly_care", east, 2)
    _file("noise", west, 5)
    gaps = [(b.pk, float(b.lat), float(b.lng)) for b in (west, east)]
    ranked = evidence.rank_candidates(gaps=gaps, category="elderly_care", model=WalkModel())
    assert ranked[0].building == east and ranked[0].cases == 2
    assert ranked[0].score == 1 + evidence.CASE_WEIGHT * 2 + 1  # households + cases + 1
    assert [c.building for c in ranked] == [east, west]  # 1.9 km apart: two sites


def test_a_building_reached_by_a_better_site_is_not_counted_again(tree, buildings):
    west, east = buildings
    gaps = [(west.pk, 31.2, 107.5), (east.pk, 31.2005, 107.5005)]  # 70 m apart
    ranked = evidence.rank_candidates(gaps=gaps, category="bank", model=WalkModel(), k=3)
    assert len(ranked) == 1 and ranked[0].buildings == 2


def test_the_case_table_maps_utilities_to_the_three_offices():
    assert set(evidence.CASE_CATEGORIES["utilities"]) == {"water", "power", "gas"}
    assert evidence.ledger_codes_for("gas") == ["utilities"]
    assert evidence.ledger_codes_for("school") == []
