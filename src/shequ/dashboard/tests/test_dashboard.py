"""The dashboard as its readers meet it: every number scoped to the reader's subtree, the
children ranked, a drill into another area refused, bad periods refused, figures cached by
the worker and said to be fresh or not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.core import manifest
from shequ.core.actors import SYSTEM
from shequ.core.errors import Forbidden
from shequ.dashboard import periods, selectors, services
from shequ.dashboard.models import FigureCache
from shequ.testing import factories as f

RESIDENTS = "registry.residents"


def _page(client, user, area, **params):
    client.force_login(user)
    return client.get(reverse("dashboard:area", args=[area.pk]), params)


def test_every_app_contributes_figures_through_its_manifest():
    keys = {fig.key.split(".")[0] for fig in manifest.figures()}
    assert {"registry", "organizations", "members", "ledgers", "volunteers", "campaigns",
            "courses", "resources", "patrols", "notices", "deliberation", "services", "circle",
            "talent", "membership", "evaluations"} <= keys


def test_district_admin_sees_streets_ranked_with_the_one_behind(client, land):
    # given a district administrator
    user = f.user(Role.DISTRICT_ADMIN, land.district)
    # when they open the district's figure page of residents
    client.force_login(user)
    r = client.get(reverse("dashboard:figure", args=[land.district.pk, RESIDENTS]))
    # then both streets are ranked (ties in territory order)
    assert r.status_code == 200
    rows = r.context["rows"]
    assert [(row["area"].name, row["value"]) for row in rows] == [("翠屏街道", 3), ("南外街道", 3)]
    assert r.context["reading"].total == 6


def test_community_staff_sees_only_their_grids(client, land):
    user = f.user(Role.COMMUNITY_STAFF, land.community)
    r = _page(client, user, land.community)
    assert r.status_code == 200
    card = next(row for row in r.context["figures"] if row["figure"].key == RESIDENTS)
    assert card["total"] == 3
    assert [c.name for c in r.context["children"]] == ["第一网格", "第二网格"]
    assert "南外" not in r.content.decode()


def test_grid_worker_sees_their_grid_only(client, land):
    user = f.user(Role.GRID_WORKER, land.grid1)
    client.force_login(user)
    r = client.get(reverse("dashboard:home"))
    assert r.status_code == 302 and r["Location"].endswith(f"/{land.grid1.pk}/")
    card = next(row for row in _page(client, user, land.grid1).context["figures"]
                if row["figure"].key == RESIDENTS)
    assert card["total"] == 2


@pytest.mark.parametrize("target", ["other_street", "other_community", "district"])
def test_a_drill_into_another_area_is_refused(client, land, target):
    # given community staff of the first community
    user = f.user(Role.COMMUNITY_STAFF, land.community)
    area = getattr(land, target)
    # then another area (or the district above) is not found, on the page and the JSON
    assert _page(client, user, area).status_code == 404
    r = client.get(reverse("dashboard:screen-data", args=[area.pk]), {"figure": RESIDENTS})
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


def test_people_without_the_dashboard_are_refused(client, land):
    resident_user = f.user(Role.RESIDENT, land.community)
    client.force_login(resident_user)
    assert client.get(reverse("dashboard:home")).status_code == 404
    assert not selectors.visible_figures(resident_user, land.community)


@pytest.mark.parametrize("params", [
    {"period": "custom", "from": "2026-13-01", "to": "x"},
    {"period": "custom", "from": "2026-03-01", "to": "2026-02-01"},
    {"period": "custom", "from": "1999-01-01", "to": "1999-02-01"},
    {"period": "custom", "from": "2020-01-01", "to": "2025-12-31"},
    {"period": "decade"},
])
def test_a_period_out_of_range_is_refused(client, land, params):
    user = f.user(Role.DISTRICT_ADMIN, land.district)
    assert _page(client, user, land.district, **params).status_code == 400
    r = client.get(reverse("dashboard:screen-data", args=[land.district.pk]),
                   {"figure": RESIDENTS, **params})
    assert r.status_code == 400
    assert r.json() == {"code": "period_out_of_range", "message": r.json()["message"],
                        "field": "period"}


def test_an_unknown_figure_is_refused_in_the_json_shape(client, land):
    user = f.user(Role.DISTRICT_ADMIN, land.district)
    client.force_login(user)
    r = client.get(reverse("dashboard:screen-data", args=[land.district.pk]), {"figure": "x.y"})
    assert r.status_code == 404 and r.json()["code"] == "unknown_figure"


def test_periods():
    today = dt.date(2026, 5, 20)
    assert periods.standard("quarter", today) == periods.Period(dt.date(2026, 4, 1),
                                                                dt.date(2026, 6, 30))
    assert periods.standard("month", today).end == dt.date(2026, 5, 31)
    months = periods.trend_months(periods.standard("year", today))
    assert len(months) == 12 and months[0].start == dt.date(2026, 1, 1)


def test_cached_figures_are_read_from_the_cache_and_say_how_fresh(client, land):
    # given the worker's refresh
    written = services.figures_refresh(actor=SYSTEM)
    assert written and FigureCache.objects.filter(figure=RESIDENTS, path=land.street.path).exists()
    month = periods.standard_periods()[0]
    row = FigureCache.objects.get(figure=RESIDENTS, path=land.district.path,
                                  start=month.start, end=month.end)
    assert row.values == {land.street.path: 3, land.other_street.path: 3}
    # when a resident is added, the cached number stays until the next refresh
    f.resident(land.household1, name="丁")
    user = f.user(Role.DISTRICT_ADMIN, land.district)
    card = next(r for r in _page(client, user, land.district).context["figures"]
                if r["figure"].key == RESIDENTS)
    assert card["total"] == 6 and card["cached"] and not card["stale"]
    # and an old refresh is said to be stale
    FigureCache.objects.update(computed_at=timezone.now() - dt.timedelta(hours=2))
    card = next(r for r in _page(client, user, land.district).context["figures"]
                if r["figure"].key == RESIDENTS)
    assert card["stale"]
    assert "正在刷新" in _page(client, user, land.district).content.decode()


def test_only_the_system_or_a_district_admin_refreshes(land):
    with pytest.raises(Forbidden):
        services.figures_refresh(actor=f.user(Role.COMMUNITY_STAFF, land.community))
    assert services.figures_refresh(actor=f.user(Role.DISTRICT_ADMIN, land.district)) > 0


def test_the_page_costs_a_fixed_number_of_queries(client, land):
    services.figures_refresh(actor=SYSTEM)
    user = f.user(Role.DISTRICT_ADMIN, land.district)
    client.force_login(user)
    url = reverse("dashboard:area", args=[land.district.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(3):  # more children and more rows cost no more queries
        f.user(Role.GRID_WORKER, land.grid2)
        f.resident(land.household2, name=f"戊{i}")
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)
    live = [fig for fig in selectors.visible_figures(user, land.district) if not fig.needs_cache]
    assert len(small) <= len(live) + 16  # the session, grants, areas, cache rows


def test_download_is_audited(client, land):
    from shequ.core.models import AuditEvent

    user = f.user(Role.DISTRICT_ADMIN, land.district)
    r = _page(client, user, land.district, download="xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    assert AuditEvent.objects.filter(action="export", actor=user).exists()


def test_big_screen_and_its_json(client, land):
    land.grid1.polygon = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    land.grid1.save(update_fields=["polygon"])
    user = f.user(Role.STREET_ADMIN, land.street)
    client.force_login(user)
    r = client.get(reverse("dashboard:screen", args=[land.street.pk]))
    assert r.status_code == 200 and b"<script>" not in r.content and b"style=" not in r.content
    data = client.get(reverse("dashboard:screen-data", args=[land.street.pk]),
                      {"figure": RESIDENTS}).json()
    assert {"name": land.grid1.path, "value": 2} in data["map"]
    assert data["ranking"] == [{"name": "翠屏社区", "value": 3}]
    geo = client.get(reverse("dashboard:screen-geo", args=[land.street.pk])).json()
    assert [ft["properties"]["name"] for ft in geo["features"]] == [land.grid1.path]


def test_the_refresh_command(land):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("dashboard_refresh", stdout=out)
    assert "cached figures written" in out.getvalue()
    assert FigureCache.objects.filter(figure=RESIDENTS).exists()


def test_a_figure_the_role_may_not_read_is_forbidden(client, land):
    # given a grid worker and a figure whose records their role may not list
    area = land.grid1
    user = f.user(Role.GRID_WORKER, area)
    hidden = [fig for fig in manifest.figures()
              if fig not in selectors.visible_figures(user, area)]
    assert hidden
    client.force_login(user)
    # then its page is a 403 and its JSON the API's refusal
    assert client.get(reverse("dashboard:figure", args=[area.pk, hidden[0].key])).status_code == 403
    r = client.get(reverse("dashboard:screen-data", args=[area.pk]), {"figure": hidden[0].key})
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    # and the area's page does not show it
    keys = {row["figure"].key for row in _page(client, user, area).context["figures"]}
    assert hidden[0].key not in keys


# The figures with no list behind them: sums of hours and points, and shifts (the patrol
# plan is a calendar, not a list).
NO_DRILL = {"members.service_hours", "patrols.shifts_absent", "patrols.shifts_done",
            "volunteers.hours", "volunteers.points"}


def test_every_figure_but_a_few_drills_to_its_list():
    assert {fig.key for fig in manifest.figures() if fig.drill_url is None} == NO_DRILL


@pytest.mark.parametrize("role, level", [
    (Role.DISTRICT_ADMIN, "district"), (Role.STREET_ADMIN, "street"),
    (Role.COMMUNITY_STAFF, "community"), (Role.GRID_WORKER, "grid1"),
])
def test_each_drill_link_opens_for_the_readers_of_the_figure(client, land, role, level):
    # given a reader of an area and the figures they are shown there
    area = getattr(land, level)
    user = f.user(role, area)
    page = _page(client, user, area)
    assert page.status_code == 200
    links = {row["figure"].key: row for row in page.context["figures"]}
    shown = [fig for fig in selectors.visible_figures(user, area) if fig.drill_url]
    assert shown
    period = periods.standard_periods()[0]
    # then the list each drills to opens for them, for the area and each of its children
    children = [area] + list(area.children.all()) if level != "grid1" else [area]
    for fig in shown:
        for child in children:
            url = fig.drill_url(selectors.place_of(child), period)
            if url is None:  # a list that filters by community only, from a street
                continue
            r = client.get(url)
            assert r.status_code == 200, (fig.key, child.kind, url, r.status_code)
        assert fig.key in links
