"""The patrols' pages: what staff and members see, refusals, and lists whose query count
does not grow with their rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.patrols import services
from shequ.patrols.models import CheckIn, Incident

from .conftest import make_current, shift_of, this_month

pytestmark = pytest.mark.django_db


def test_staff_pages_open(client, staff, plan, route):
    client.force_login(staff)
    for name, args in [("patrols:route-list", []), ("patrols:route-detail", [route.pk]),
                       ("patrols:qr-sheet", [route.pk]), ("patrols:coverage-list", []),
                       ("patrols:member-list", []), ("patrols:member-new", []),
                       ("patrols:plan-list", []), ("patrols:plan-new", []),
                       ("patrols:plan-detail", [plan.pk]), ("patrols:swap-list", []),
                       ("patrols:incident-list", []), ("patrols:incident-new", []),
                       ("patrols:rating-list", []), ("patrols:coverage-new", []),
                       ("patrols:route-new", [])]:
        r = client.get(reverse(name, args=args))
        assert r.status_code == 200, name
    sheet = client.get(reverse("patrols:qr-sheet", args=[route.pk])).content.decode()
    assert sheet.count("data:image/svg+xml") == 2


def test_plan_page_lists_uncovered_slots_and_publishes_after_asking(client, staff, tree, route,
                                                                    coverage, member):
    plan = services.plan_generate(actor=staff, area=tree.grid1, month=this_month(),
                                  max_shifts=5)
    client.force_login(staff)
    url = reverse("patrols:plan-detail", args=[plan.pk])
    page = client.get(url).content.decode()
    assert f'data-testid="missing">{plan.slots - 5}<' in page
    asked = client.post(url)
    assert asked.status_code == 200 and "confirmed" in asked.content.decode()
    client.post(url, {"confirmed": "1"})
    plan.refresh_from_db()
    assert plan.state == "published"


def test_plan_form_refuses_a_grid_without_routes(client, staff, tree):
    client.force_login(staff)
    r = client.post(reverse("patrols:plan-new"), {"area": tree.grid2.pk,
                                                  "month": f"{this_month():%Y-%m}",
                                                  "max_shifts": 8})
    assert r.status_code == 400 and tree.grid2.name in r.content.decode()


def test_member_pages(client, plan, member, route, staff):
    shift = make_current(shift_of(plan, member))
    client.force_login(member.user)
    page = client.get(reverse("patrols:my-shifts")).content.decode()
    assert f'data-shift="{shift.pk}"' in page
    point = route.checkpoints.first()
    url = reverse("patrols:check-in", args=[point.token])
    assert point.label in client.get(url).content.decode()
    r = client.post(url)
    assert r.status_code == 302 and CheckIn.objects.filter(shift=shift).count() == 1
    again = client.post(url)
    assert again.status_code == 400  # the refusal shown on the form
    r = client.post(reverse("patrols:incident-new"), {"category": "suspicious",
                                                      "note": "陌生人尾随进入单元门"})
    assert r.status_code == 302 and Incident.objects.get().shift_id == shift.pk
    # staff pages are not a member's
    assert client.get(reverse("patrols:route-list")).status_code == 404


def test_a_resident_outside_the_pool_cannot_check_in(client, route, tree):
    from shequ.testing import factories
    client.force_login(factories.user("resident", tree.grid1))
    r = client.post(reverse("patrols:check-in", args=[route.checkpoints.first().token]))
    assert r.status_code == 403


def test_incident_page_files_the_case(client, staff, tree):
    incident = services.incident_report(actor=staff, grid=tree.grid1, category="theft",
                                        note="电瓶车被盗")
    client.force_login(staff)
    url = reverse("patrols:incident-detail", args=[incident.pk])
    client.post(url)
    incident.refresh_from_db()
    assert incident.case is not None and incident.case.ledger == "stability"


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["patrols:route-list", "patrols:member-list",
                                  "patrols:incident-list", "patrols:plan-list",
                                  "patrols:coverage-list", "patrols:swap-list"])
def test_list_queries_do_not_grow_with_rows(client, staff, tree, building, name):
    unit = org_services.unit_create(actor=SYSTEM, name="医院", credit_code="91350100M000100Y43",
                                    kind="enterprise", area=tree.community)
    counter = iter(range(1000))

    def grow(n):
        for _ in range(n):
            i = next(counter)
            r = services.route_create(actor=staff, grid=tree.grid1, name=f"线{i}")
            services.checkpoint_add(actor=staff, route=r, building=building)
            services.member_add(actor=staff, community=tree.community, kind="unit_security",
                                unit=unit, name=f"保安{i}")
            services.incident_report(actor=staff, grid=tree.grid1, category="other",
                                     note=f"事件{i}", building=building)
            services.coverage_add(actor=staff, grid=tree.grid1, starts=dt.time(19),
                                  ends=dt.time(23))

    client.force_login(staff)
    url = reverse(name)
    grow(2)
    few = queries(client, url)
    grow(6)
    assert queries(client, url) == few


def test_the_building_page_shows_its_safe_building_rating(client, staff, tree, building):
    from shequ.patrols.models import BuildingRating
    BuildingRating.objects.create(building=building, month=this_month(), score=87,
                                  visits_due=10, visits_done=9, path=building.path)
    client.force_login(staff)
    page = client.get(reverse("territory:building", args=[building.pk])).content.decode()
    assert 'data-testid="safe-building-score">87<' in page
    other = tree.household2.entrance.building
    page = client.get(reverse("territory:building", args=[other.pk])).content.decode()
    assert 'data-testid="safe-building"' in page and "safe-building-score" not in page
