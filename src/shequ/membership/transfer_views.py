"""Membership transfer pages: the list (out of and into the branches in sight), a new
transfer of a member out of their branch, and a transfer's page with the next step (send
the letter; confirm or return as the receiver)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.kit import Column, FormPage, ListPage, act_form
from shequ.territory.filters import AreaFiltered

from . import selectors, services
from .forms import OPEN, ConfirmForm, ReturnForm, SendForm, TransferFilterForm, TransferForm
from .models import TransferState
from .policies import Action, transfer_policy


def _detail(pk) -> str:
    return reverse("membership:transfer-detail", args=[pk])


class TransferList(AreaFiltered, ListPage):
    title = gettext_lazy("Membership transfers")
    action = Action.VIEW_BRANCH
    columns = [
        Column(gettext_lazy("Member"), "member.resident.name", link=lambda t: _detail(t.pk)),
        Column(gettext_lazy("Sending organisation"), "from_org.name"),
        Column(gettext_lazy("Receiving organisation"), "destination"),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Introduction letter number"), "letter_number"),
        Column(gettext_lazy("Requested on"), "requested_on"),
    ]
    filter_form = TransferFilterForm
    download_name, download_action = "membership-transfers", Action.VIEW_BRANCH
    row_key, empty_text = "transfer", gettext_lazy("No membership transfers.")

    def rows(self, filters):
        state, direction = filters.get("state", ""), filters.get("direction", "")
        qs = selectors.transfer_list(actor=self.request.user,
                                     state="" if state == OPEN else state,
                                     open_only=state == OPEN, direction=direction)
        return self.in_area(qs, filters, field="to_path" if direction == "in" else "path")

    def actions(self):
        yield _("Party dues"), reverse("membership:branch-list")


class TransferNew(FormPage):
    """Opened from a branch's member list (the member is in the URL)."""

    form_class, action = TransferForm, Action.MANAGE_TRANSFERS
    success_message = gettext_lazy("The transfer is requested. Send the introduction letter next.")

    def get_object(self):
        member = selectors.member_dues_get(self.request.user, self.kwargs["member_id"])
        transfer_policy.require(self.request.user, Action.MANAGE_TRANSFERS, member.org.path)
        return member

    def form_kwargs(self, member):
        return {"orgs": selectors.transfer_destinations(exclude=member.org_id)}

    def save(self, member, data):
        to_org = data.pop("to_org")
        return services.transfer_request(
            actor=self.request.user, member=member,
            to_org=selectors.org_by_id(to_org) if to_org else None, **data)

    def success_url(self, row):
        return _detail(row.pk)

    def back_url(self, member):
        return reverse("membership:branch-dues", args=[member.org_id])

    def page_title(self, member):
        return _("Transfer %(name)s out of %(org)s") % {"name": member.resident.name,
                                                        "org": member.org.name}


@login_required
@require_GET
def transfer_detail(request, transfer_id):
    user = request.user
    t = selectors.transfer_get_for_actor(user, transfer_id)
    sender = transfer_policy.can(user, Action.MANAGE_TRANSFERS, t.path)
    receiver = transfer_policy.can(user, Action.MANAGE_TRANSFERS, t.to_path or t.path)
    return render(request, "membership/transfer_detail.html", {
        "t": t,
        "send_form": SendForm(initial={"letter_number": t.letter_number})
        if sender and t.state == TransferState.REQUESTED else None,
        "confirm_form": ConfirmForm() if receiver and t.state == TransferState.SENT else None,
        "return_form": ReturnForm() if receiver and t.is_open else None})


def _step(request, transfer_id, form_class, service, success):
    t = selectors.transfer_get_for_actor(request.user, transfer_id)
    return act_form(request, form_class(request.POST), service, success, _detail(t.pk),
                    transfer=t)


@login_required
@require_POST
def transfer_send(request, transfer_id):
    return _step(request, transfer_id, SendForm, services.transfer_send,
                 _("The introduction letter is recorded as sent."))


@login_required
@require_POST
def transfer_confirm(request, transfer_id):
    return _step(request, transfer_id, ConfirmForm, services.transfer_confirm,
                 _("The transfer is confirmed; the member has moved."))


@login_required
@require_POST
def transfer_return(request, transfer_id):
    return _step(request, transfer_id, ReturnForm, services.transfer_return,
                 _("The transfer is returned."))
