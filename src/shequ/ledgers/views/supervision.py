"""Supervision pages: the weekly summary of a community (page and Excel download), daily
comments, and the monthly evaluation of grid workers with supervisors' adjustments."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import act
from shequ.core.params import id_param

from .. import selectors, services
from ..exports import weekly_workbook
from ..policies import Action, can_view_summaries, comment_policy


def _community(request):
    communities = selectors.communities_for_summary(request.user)
    chosen = communities.filter(pk=id_param(request.GET.get("community")) or 0).first()
    return communities, chosen or communities.first()


def _day(raw: str | None) -> dt.date:
    raw = (raw or "").strip()
    if len(raw) == 7:  # <input type="month">: YYYY-MM
        raw += "-01"
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _summaries(request):
    """The communities the user may summarise and the one chosen; a 404 for nobody."""
    if not can_view_summaries(request.user):
        raise NotFound()
    communities, community = _community(request)
    if community is None:
        raise NotFound()
    return communities, community


def _summary(request):
    communities, community = _summaries(request)
    s = selectors.weekly_summary(actor=request.user, community=community,
                                 day=_day(request.GET.get("week")))
    return communities, s


@login_required
@require_GET
def weekly(request):
    communities, s = _summary(request)
    start = s.start.date()
    return render(request, "ledgers/weekly.html", {
        "summary": s, "communities": communities,
        "previous": start - dt.timedelta(days=7), "next": start + dt.timedelta(days=7),
        "can_comment": comment_policy.can(request.user, Action.SUPERVISE_CASES, s.community)})


@login_required
@require_GET
def weekly_xlsx(request):
    _communities, s = _summary(request)
    name = f"weekly-{s.community.code}-{s.start.date():%Y%m%d}.xlsx"
    return FileResponse(weekly_workbook(s), as_attachment=True, filename=name)


@login_required
@require_POST
def comment_new(request):
    _communities, community = _community(request)
    return act(request, services.comment_add, _("Comment saved."),
               f"{reverse('ledgers:weekly')}?community={community.pk if community else ''}",
               community=community, text=request.POST.get("text", ""))


@login_required
def evaluations(request):
    """GET: the month's stored evaluations. POST: compute the missing ones (or recompute)."""
    communities, community = _summaries(request)
    month = _day(request.GET.get("month") or request.POST.get("month")).replace(day=1)
    if request.method == "POST":
        return act(request, services.evaluation_compute, _("Evaluations saved."),
                   _evaluations_url(community.pk, month), community=community, month=month,
                   recompute=request.POST.get("recompute") == "1")
    return render(request, "ledgers/evaluations.html", {
        "communities": communities, "community": community, "month": month,
        "evaluations": selectors.evaluation_list(actor=request.user, community=community,
                                                 month=month),
        "can_supervise": comment_policy.can(request.user, Action.SUPERVISE_CASES, community)})


@login_required
@require_POST
def evaluation_adjust(request, evaluation_id):
    ev = selectors.evaluation_get_for_actor(request.user, evaluation_id)
    return act(request, services.evaluation_adjust, _("Adjustment saved."),
               _evaluations_url(ev.community_id, ev.month), evaluation=ev,
               adjustment=request.POST.get("adjustment"), note=request.POST.get("note", ""))


def _evaluations_url(community_id, month: dt.date) -> str:
    return f"{reverse('ledgers:evaluations')}?community={community_id}&month={month:%Y-%m-%d}"
