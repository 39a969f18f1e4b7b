"""List selectors read a page in a fixed number of queries, however many rows it holds;
the matching index is read once per reserve change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.core.actors import SYSTEM
from shequ.talent import selectors, services
from shequ.talent.policies import Action
from shequ.territory.filters import in_area
from shequ.testing import factories

from .conftest import post_fields, profile_fields

pytestmark = pytest.mark.django_db


def _fill(tree, unit, staff, n):
    for i in range(n):
        r = factories.resident(tree.household1, name=f"储备{i}")
        p = services.profile_save(actor=staff, resident=r, consent=True, consent_note="签字",
                                  **profile_fields())
        d = services.demand_create(actor=SYSTEM, unit=unit, **post_fields(title=f"岗位{i}"))
        services.refer(actor=staff, demand=d, profile=p)
        services.member_join(actor=SYSTEM, community=tree.community, resident=r)


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows = list(fn())
        for r in rows:          # what the list pages show of each row
            str(getattr(r, "name", "")), getattr(r, "unit", None)
    return len(ctx)


def _in(tree, staff, qs):
    """The list narrowed by the area filter to the community (one query for its path)."""
    return in_area(qs, actor=staff, action=Action.VIEW_TALENT, area_id=tree.community.pk)


@pytest.mark.parametrize("lister", ["member", "demand", "profile", "referral", "session",
                                    "demand_area", "profile_area", "referral_area"])
def test_list_queries_do_not_grow_with_rows(tree, unit, staff, lister):
    fn = {"member": lambda: selectors.member_list(actor=staff),
          "demand_area": lambda: [(d, d.unit.name) for d in _in(
              tree, staff, selectors.demand_list(actor=staff, recruiting=True))],
          "profile_area": lambda: [(p, p.resident.name) for p in _in(
              tree, staff, selectors.profile_list(actor=staff, consented=True))],
          "referral_area": lambda: [(r, r.demand.unit.name, r.profile.resident.name)
                                    for r in _in(tree, staff, selectors.referral_list(
                                        actor=staff, state="referred"))],
          "demand": lambda: [(d, d.unit.name) for d in selectors.demand_list(actor=staff)],
          "profile": lambda: [(p, p.resident.name) for p in selectors.profile_list(actor=staff)],
          "referral": lambda: [(r, r.demand.unit.name, r.profile.resident.name)
                               for r in selectors.referral_list(actor=staff)],
          "session": lambda: selectors.session_list(actor=staff)}[lister]
    _fill(tree, unit, staff, 2)
    assert lister == "session" or list(fn())  # the filters leave rows to read
    _count(fn)                  # the actor's recruiter units are read once per request
    few = _count(fn)
    _fill(tree, unit, staff, 5)
    assert _count(fn) == few


def test_the_index_is_built_once_per_reserve_change(tree, unit, staff, demand):
    _fill(tree, unit, staff, 3)
    selectors.candidates_for(actor=staff, demand=demand)
    with CaptureQueriesContext(connection) as ctx:
        selectors.candidates_for(actor=staff, demand=demand)
    again = len(ctx)
    assert again <= 4    # the stamp, the shown profiles, the referred ones (no index read)
    r = factories.resident(tree.household2, name="新来的")
    services.profile_save(actor=staff, resident=r, consent=True, consent_note="签字",
                          **profile_fields())
    assert any(c["profile"].resident_id == r.pk
               for c in selectors.candidates_for(actor=staff, demand=demand, limit=50))
