"""Supervision pages: the weekly summary of a community (page and Excel download) with a
section per supervised subject, comments and flags on the community's work, answers to
flags, and the monthly scores with supervisors' adjustments."""

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

from . import selectors, services, subjects
from .exports import weekly_workbook
from .policies import Action, can_view_summaries, comment_policy


def _day(raw: str | None) -> dt.date:
    raw = (raw or "").strip()
    if len(raw) == 7:  # <input type="month">: YYYY-MM
        raw += "-01"
    try:
        return dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _community(request):
    if not can_view_summaries(request.user):
        raise NotFound()
    community = selectors.community_get(
        request.user, request.GET.get("community") or request.POST.get("community"))
    return selectors.communities(request.user), community


def _weekly_url(community_id, week=None) -> str:
    url = f"{reverse('supervision:weekly')}?community={community_id}"
    return url + (f"&week={week:%Y-%m-%d}" if week else "")


def _weekly(request):
    communities, community = _community(request)
    return communities, community, selectors.weekly(
        actor=request.user, community=community, day=_day(request.GET.get("week")))


@login_required
@require_GET
def weekly(request):
    communities, community, w = _weekly(request)
    start = w.start.date()
    return render(request, "supervision/weekly.html", {
        "w": w, "communities": communities, "community": community,
        "previous": start - dt.timedelta(days=7), "next": start + dt.timedelta(days=7),
        "scored": subjects.scored().values(),
        "can_comment": comment_policy.can(request.user, Action.SUPERVISE, community),
        "can_answer": comment_policy.can(request.user, Action.ANSWER_FLAGS, community)})


@login_required
@require_GET
def weekly_xlsx(request):
    _communities, community, w = _weekly(request)
    name = f"weekly-{community.code}-{w.start.date():%Y%m%d}.xlsx"
    return FileResponse(weekly_workbook(w), as_attachment=True, filename=name)


@login_required
@require_POST
def comment_new(request):
    _communities, community = _community(request)
    return act(request, services.comment_add, _("Comment saved."), _weekly_url(community.pk),
               community=community, text=request.POST.get("text", ""),
               flag=request.POST.get("flag") == "1")


@login_required
@require_POST
def subject_comment_new(request, kind, object_id):
    """A comment or flag on one record (a case, a matter), from that record's page."""
    obj = selectors.subject_get(request.user, kind, object_id)
    return act(request, services.comment_add, _("Comment saved."),
               subjects.subject(kind).url(obj), subject=obj,
               text=request.POST.get("text", ""), step=request.POST.get("step", ""),
               flag=request.POST.get("flag") == "1")


@login_required
@require_POST
def flag_answer(request, comment_id):
    comment = selectors.comment_get(request.user, comment_id)
    return act(request, services.flag_answer, _("Answer saved."),
               request.POST.get("next") if _safe(request.POST.get("next"))
               else _weekly_url(comment.community_id),
               comment=comment, answer=request.POST.get("answer", ""))


def _safe(url: str | None) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


def _scores_url(kind, community_id, month: dt.date) -> str:
    return (f"{reverse('supervision:scores')}?kind={kind}&community={community_id}"
            f"&month={month:%Y-%m-%d}")


@login_required
def scores(request):
    """GET: the month's stored scores of one subject. POST: compute the missing ones (or
    recompute, audited)."""
    communities, community = _community(request)
    scored = subjects.scored()
    if not scored:
        raise NotFound()
    kind = request.GET.get("kind") or request.POST.get("kind") or next(iter(scored))
    subject = scored.get(kind)
    if subject is None:
        raise NotFound()
    month = _day(request.GET.get("month") or request.POST.get("month")).replace(day=1)
    if request.method == "POST":
        return act(request, services.score_compute, _("Scores saved."),
                   _scores_url(kind, community.pk, month), kind=kind, community=community,
                   month=month, recompute=request.POST.get("recompute") == "1")
    rows = list(selectors.score_list(actor=request.user, kind=kind, community=community,
                                     month=month))
    measures = subject.scorer.measures
    for row in rows:
        row.cells = [(m.kind, row.measures.get(m.key)) for m in measures]
    return render(request, "supervision/scores.html", {
        "communities": communities, "community": community, "month": month, "kind": kind,
        "subject": subject, "kinds": scored.values(), "scores": rows, "measures": measures,
        "can_supervise": comment_policy.can(request.user, Action.SUPERVISE, community)})


@login_required
@require_POST
def score_adjust(request, score_id):
    score = selectors.score_get(request.user, score_id)
    return act(request, services.score_adjust, _("Adjustment saved."),
               _scores_url(score.kind, score.community_id, score.month), score=score,
               adjustment=request.POST.get("adjustment"), note=request.POST.get("note", ""))
