"""Commitment pages: staff's list and progress (per person, organisation, unit); the
keeper's own list, new commitment, actions with evidence and report; residents' 评诺."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shequ.core.figures import in_period
from shequ.core.kit import Column, FormPage, ListPage, act_form, attachment, need
from shequ.territory.filters import AreaFiltered

from .. import selectors, services
from ..forms import ActionForm, CommitmentFilterForm, CommitmentForm, RateForm, ReportForm
from ..models import CommitmentState
from ..policies import Action, commitment_policy, liaison_unit_ids


def _detail(c) -> str:
    return reverse("evaluations:commitment-detail", args=[c.pk])


def _rating(c) -> str:
    return f"{c.rating_mean:.1f} ({c.rating_count})" if c.rating_count else "—"


def _state(c) -> str:
    if c.is_overdue(timezone.localdate()):
        return _("Overdue: no report")
    return c.get_state_display()


class CommitmentList(AreaFiltered, ListPage):
    title, action = gettext_lazy("Commitments"), Action.VIEW_EVALUATIONS
    columns = [
        Column(gettext_lazy("Commitment"), "title", link=_detail),
        Column(gettext_lazy("Name"), "person"),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Unit"), "unit.name"),
        Column(gettext_lazy("Period until"), "period_end"),
        Column(gettext_lazy("State"), _state),
        Column(gettext_lazy("Progress %"), "progress"),
        Column(gettext_lazy("Actions"), "action_count"),
        Column(gettext_lazy("Rating"), _rating),
    ]
    filter_form = CommitmentFilterForm
    row_key, empty_text = "commitment", gettext_lazy("No commitments yet.")
    download_name, download_action = "commitments", Action.VIEW_EVALUATIONS

    def rows(self, filters):
        qs = selectors.commitment_list(actor=self.request.user, q=filters.get("q", ""),
                                       state=filters.get("state", ""),
                                       overdue=filters.get("overdue"))
        return self.in_area(qs, filters).filter(**in_period(filters, "reported_at"))

    def actions(self):
        yield _("Progress"), reverse("evaluations:commitment-progress")


@login_required
def commitment_progress(request):
    need(request.user, Action.VIEW_EVALUATIONS)
    by = request.GET.get("by", "person")
    if by not in selectors.PROGRESS_GROUPS:
        by = "person"
    key, name = selectors.PROGRESS_GROUPS[by]
    rows = [{"name": r[name], "total": r["total"], "reported": r["reported"],
             "overdue": r["overdue"], "progress": round(r["progress"] or 0),
             "rating": round(r["rating"], 1) if r["rating"] is not None else None}
            for r in selectors.commitment_progress(actor=request.user, by=by)[:500]]
    return render(request, "evaluations/commitment_progress.html",
                  {"rows": rows, "by": by, "groups": [("person", _("Person")),
                                                      ("org", _("Party organisation")),
                                                      ("unit", _("Unit"))]})


@login_required
def my_commitments(request):
    need(request.user, Action.KEEP_COMMITMENTS)
    return render(request, "evaluations/my_commitments.html", {
        "rows": selectors.my_commitments(request.user), "today": timezone.localdate()})


class CommitmentNew(FormPage):
    form_class, action = CommitmentForm, Action.KEEP_COMMITMENTS
    title = gettext_lazy("Publish a commitment")
    hint = gettext_lazy("承诺: what you promise the community for the period. Record what you "
                        "do as you go, report at the end; residents and the committee rate it.")

    def form_kwargs(self, obj):
        units = liaison_unit_ids(self.request.user)
        return {"part_timers": selectors.part_timers_of(units) if units else None}

    def save(self, obj, data):
        return services.commitment_publish(actor=self.request.user, **data)

    def success_url(self, row):
        return _detail(row)

    def back_url(self, obj):
        return reverse("evaluations:my-commitments")


@login_required
def commitment_detail(request, commitment_id):
    user = request.user
    c = selectors.commitment_get_for_actor(user, commitment_id)
    keeper = c.user_id == user.pk
    published = c.state == CommitmentState.PUBLISHED
    rated = selectors.has_rated(user, c)
    may_rate = (not keeper and not published and not rated
                and commitment_policy.can(user, Action.RATE_COMMITMENTS, c))
    return render(request, "evaluations/commitment_detail.html", {
        "c": c, "keeper": keeper, "overdue": c.is_overdue(timezone.localdate()),
        "actions": selectors.commitment_actions(c),
        "ratings": selectors.commitment_rating_summary(c), "rated": rated,
        "action_form": ActionForm(initial={"done_on": timezone.localdate(),
                                           "progress": c.progress})
        if keeper and published else None,
        "report_form": ReportForm() if keeper and published else None,
        "rate_form": RateForm() if may_rate else None})


@login_required
@require_POST
def action_record(request, commitment_id):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    form = ActionForm(request.POST, request.FILES)
    return act_form(request, form, services.action_record, _("The action is recorded."),
                    _detail(c), commitment=c)


@login_required
@require_POST
def commitment_report(request, commitment_id):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    return act_form(request, ReportForm(request.POST), services.commitment_report,
                    _("The report is published; rating is open."), _detail(c), commitment=c)


@login_required
@require_POST
def commitment_rate(request, commitment_id):
    c = selectors.commitment_get_for_actor(request.user, commitment_id)
    return act_form(request, RateForm(request.POST), services.commitment_rate,
                    _("Thank you for your rating."), _detail(c), commitment=c)


@login_required
def rate_commitments(request):
    need(request.user, Action.RATE_COMMITMENTS)
    return render(request, "evaluations/rate_commitments.html",
                  {"rows": selectors.community_commitments(request.user)})


@login_required
def evidence(request, action_id):
    row = selectors.action_get_for_actor(request.user, action_id)
    return attachment(row.evidence.path if row.evidence else None,
                      row.evidence.name.rsplit("/", 1)[-1] if row.evidence else "")
