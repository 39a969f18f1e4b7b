"""The dashboard's pages: an area's figures (totals, its children compared and ranked), one
figure over an area (the ranking as a chart and a table, the trend, the drill-down to the
child areas and to the records, an Excel download), and the 大屏 big screen with its JSON.

Views parse, call the selectors, render; the figures come from the apps' manifests."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shequ.core import downloads
from shequ.core.errors import DomainError, NotFound
from shequ.core.params import id_param

from . import periods, selectors, tasks
from .pages import comparison, figure_rows, period_query, ranked
from .policies import Action, dashboard_policy


def _area(request, area_id=None):
    """The area the request reads, refused (404) to anyone without the dashboard and for
    any area outside the reader's scope."""
    if not dashboard_policy.holds(request.user, Action.VIEW_DASHBOARD):
        raise NotFound()
    return selectors.area_get_for_actor(request.user, area_id)


def _period(request):
    g = request.GET
    return periods.parse(g.get("period", ""), g.get("from", ""), g.get("to", ""))


@login_required
@require_GET
def home(request):
    """The actor's own area (the top of their scope)."""
    area = _area(request)
    return redirect("dashboard:area", area_id=area.pk)


@login_required
@require_GET
def area_page(request, area_id):
    """Every figure the actor may read over the area, its total and its children ranked."""
    user, area = request.user, _area(request, area_id)
    kind, period = _period(request)
    readings = selectors.readings(user, area, period, selectors.visible_figures(user, area))
    if selectors.missing_cache(area, period, readings):
        tasks.queue_refresh()
    children = selectors.children_of(area)
    if request.GET.get("download") in downloads.FORMATS:
        header, rows = comparison(readings, children, area)
        return downloads.table(actor=user, name=f"dashboard-{area.code}", fmt=request.GET["download"],
                               header=header, rows=rows)
    header, rows = comparison(readings, children, area)
    return render(request, "dashboard/area.html", {
        "area": area, "trail": selectors.ancestors_in_scope(user, area),
        "my_areas": selectors.my_areas(user), "children": children,
        "figures": figure_rows(readings, children), "period": period, "kind": kind,
        "kinds": periods.KINDS, "query": period_query(request),
        "comparison": (header, rows), "compare_totals": rows[-1][1:],
        "compare_rows": [(c, row[1:]) for c, row in zip(children, rows, strict=False)],
        "nav_active": "dashboard",
    })


@login_required
@require_GET
def figure_page(request, area_id, key):
    """One figure over the area: children ranked (chart and table), the trend of a timed
    figure, links down to each child and to the records behind the number."""
    user, area = request.user, _area(request, area_id)
    figure = selectors.figure_get(key)
    dashboard_policy.require(user, figure.action, area)
    kind, period = _period(request)
    reading = selectors.readings(user, area, period, [figure])[0]
    children = selectors.children_of(area)
    rows = ranked(reading, children, period)
    trend = selectors.trend(user, figure, area, period) if figure.timed else []
    fmt = request.GET.get("download")
    if fmt in downloads.FORMATS:
        header = [_("Rank"), _("Area"), str(figure.label)]
        data = [[r["rank"], r["area"].name, r["value"]] for r in rows]
        data += [["", m.start.strftime("%Y-%m"), v] for m, v in trend]
        return downloads.table(actor=user, name=f"{figure.key}-{area.code}", fmt=fmt,
                               header=header, rows=data)
    return render(request, "dashboard/figure.html", {
        "area": area, "trail": selectors.ancestors_in_scope(user, area), "figure": figure,
        "reading": reading, "rows": rows, "trend": trend, "period": period, "kind": kind,
        "kinds": periods.KINDS, "query": period_query(request),
        "records_url": figure.drill_url(selectors.place_of(area), period)
        if figure.drill_url else None,
        "chart": {"kind": figure.chart if figure.chart != "line" else "bar",
                  "categories": [r["area"].name for r in rows],
                  "series": [{"name": str(figure.label), "data": [r["value"] for r in rows]}]},
        "trend_chart": {"kind": "line", "categories": [m.start.strftime("%Y-%m") for m, _v in trend],
                        "series": [{"name": str(figure.label), "data": [v for _m, v in trend]}]},
        "nav_active": "dashboard",
    })


def json_errors(view):
    """The big screen's JSON endpoints answer refusals in the API's JSON shape."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return JsonResponse(exc.as_dict(), status=exc.status,
                                json_dumps_params={"ensure_ascii": False})
    return wrapped


@login_required
@require_GET
def screen(request, area_id):
    """The 大屏: full screen, dark, no interaction; ``screen.js`` polls the JSON below."""
    user, area = request.user, _area(request, area_id)
    figures = selectors.visible_figures(user, area)
    key = request.GET.get("figure") or (figures[0].key if figures else "")
    return render(request, "dashboard/screen.html", {
        "area": area, "figure_key": key,
        "data_url": reverse("dashboard:screen-data", args=[area.pk]) + f"?figure={key}",
        "geo_url": reverse("dashboard:screen-geo", args=[area.pk]),
        "interval": max(5, min(600, id_param(request.GET.get("every")) or 60)),
    })


@json_errors
@login_required
@require_GET
def screen_data(request, area_id):
    from .screen import screen_payload

    user, area = request.user, _area(request, area_id)
    kind, period = _period(request)
    key = request.GET.get("figure", "")
    if not key:
        raise DomainError(_("Choose a figure."), field="figure")
    return JsonResponse(screen_payload(user, area, period, key),
                        json_dumps_params={"ensure_ascii": False})


@json_errors
@login_required
@require_GET
def screen_geo(request, area_id):
    from .screen import boundaries

    return JsonResponse(boundaries(_area(request, area_id)))
