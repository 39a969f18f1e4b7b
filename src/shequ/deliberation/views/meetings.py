"""Meeting pages, shared by the 议事会 and the 联席会议: the list, a new meeting, the
meeting's page (agenda, invitees, attendance and quorum, votes and decisions, minutes,
resolutions and their follow-up), and the printable minutes (the resolutions' own pages are in ``resolutions``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.kit import Column, FormPage, ListPage, act, act_form
from shequ.core.params import ids_param
from shequ.registry.selectors import resident_get_for_actor
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import (
    AgendaMatterForm,
    FollowUpForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
    ResolutionForm,
    TopicForm,
    VoteForm,
)
from ..models import MeetingKind, MeetingStatus, VoteChoice
from ..policies import Action, meeting_policy


def detail_url(meeting_id) -> str:
    return reverse("deliberation:meeting-detail", args=[meeting_id])


class MeetingList(ListPage):
    title = gettext_lazy("Meetings")
    action = Action.VIEW_MATTERS
    columns = [
        Column(gettext_lazy("Title"), "title", link=lambda m: detail_url(m.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Starts at"), "starts_at"),
        Column(gettext_lazy("Status"), "get_status_display"),
    ]
    row_key, empty_text = "meeting", gettext_lazy("No meetings yet.")

    def rows(self, filters):
        return selectors.meeting_list(actor=self.request.user,
                                      kind=self.request.GET.get("kind", "")[:8])

    def actions(self):
        if meeting_policy.holds(self.request.user, Action.RUN_MEETINGS):
            yield _("New meeting"), reverse("deliberation:meeting-new")
        yield _("Key matters"), reverse("deliberation:matter-list")


class MeetingNew(FormPage):
    form_class, title = MeetingForm, gettext_lazy("New meeting")
    action = Action.RUN_MEETINGS
    success_message = gettext_lazy("The meeting is created. Invite its members and set its "
                                   "agenda.")

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, self.action)}

    def save(self, obj, data):
        return services.meeting_create(actor=self.request.user, **data)

    def success_url(self, row):
        return detail_url(row.pk)

    def back_url(self, obj):
        return reverse("deliberation:meeting-list")


@login_required
@require_GET
def meeting_detail(request, meeting_id):
    meeting = selectors.meeting_get_for_actor(request.user, meeting_id)
    may_follow = meeting_policy.can(request.user, Action.RUN_MEETINGS, meeting)
    runs = may_follow and meeting.status == MeetingStatus.PLANNED
    ctx = {"meeting": meeting, "runs": runs, "choices": VoteChoice.choices,
           "may_follow": may_follow, "follow_form": FollowUpForm(),
           **selectors.meeting_record(meeting)}
    if runs:
        ctx.update(invite_form=InviteForm(members=selectors.committee_members(meeting),
                                          staff=services.staff_accounts(meeting)),
                   minutes_form=MinutesForm(initial={"minutes": meeting.minutes}),
                   topic_form=TopicForm(), resolution_form=ResolutionForm(units=selectors.community_units(meeting)),
                   agenda_form=AgendaMatterForm(matters=selectors.approved_matters(meeting)))
    return render(request, "deliberation/meeting_detail.html", ctx)


@login_required
@require_GET
def meeting_print(request, meeting_id):
    """The minutes with the votes, for printing."""
    meeting = selectors.meeting_get_for_actor(request.user, meeting_id)
    return render(request, "deliberation/meeting_print.html",
                  {"meeting": meeting, **selectors.meeting_record(meeting)})


def _meeting(request, meeting_id):
    return selectors.meeting_get_for_actor(request.user, meeting_id)


@login_required
@require_POST
def agenda_new(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    if meeting.kind == MeetingKind.JOINT:
        return act_form(request, TopicForm(request.POST), services.agenda_add,
                        _("Topic added."), detail_url(meeting.pk), meeting=meeting)
    form = AgendaMatterForm(request.POST, matters=selectors.approved_matters(meeting))
    return act_form(request, form, services.agenda_add, _("The matter is on the agenda."),
                    detail_url(meeting.pk), meeting=meeting)


@login_required
@require_POST
def invitee_new(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    form = InviteForm(request.POST, members=selectors.committee_members(meeting),
                      staff=services.staff_accounts(meeting))
    back = detail_url(meeting.pk)
    if not form.is_valid():
        return act_form(request, form, services.invitee_add, "", back)
    data = dict(form.cleaned_data)
    if data.get("resident"):
        data["resident"] = resident_get_for_actor(request.user, data["resident"])
    return act(request, services.invitee_add, _("Invited."), back, meeting=meeting, **data)


@login_required
@require_POST
def attendance(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    present = ids_param(request.POST.getlist("present"))
    return act(request, services.attendance_set,
               lambda n: _("%(n)d present.") % {"n": n}, detail_url(meeting.pk),
               meeting=meeting, present=present)


@login_required
@require_POST
def vote(request, meeting_id, item_id):
    meeting = _meeting(request, meeting_id)
    item = selectors.agenda_item(meeting, item_id)
    form = VoteForm(request.POST)
    back = detail_url(meeting.pk)
    if not form.is_valid():
        return act_form(request, form, services.vote_cast, "", back)
    invitee = selectors.invitee_of(meeting, form.cleaned_data["invitee"])
    return act(request, services.vote_cast, _("Vote recorded."), back, item=item,
               invitee=invitee, choice=form.cleaned_data["choice"])


@login_required
@require_POST
def decide(request, meeting_id, item_id):
    meeting = _meeting(request, meeting_id)
    item = selectors.agenda_item(meeting, item_id)
    return act(request, services.item_decide,
               lambda m: _("Decided: %(s)s.") % {"s": m.get_status_display()},
               detail_url(meeting.pk), item=item)


@login_required
@require_POST
def minutes(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    return act_form(request, MinutesForm(request.POST), services.minutes_set,
                    _("Minutes saved."), detail_url(meeting.pk), meeting=meeting)


@login_required
@require_POST
def close(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    return act(request, services.meeting_close, _("The meeting is closed."),
               detail_url(meeting.pk), meeting=meeting)


@login_required
@require_POST
def resolution_new(request, meeting_id):
    meeting = _meeting(request, meeting_id)
    return act_form(request, ResolutionForm(request.POST, units=selectors.community_units(meeting)),
                    services.resolution_add, _("Resolution assigned."), detail_url(meeting.pk),
                    meeting=meeting)
