"""Staff pages of open invitations, on the page kit: the list (scoped to the residents
the user may edit, searchable by name, downloadable) and revoking one with a reason
(confirmed first; the link is refused from then on)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shequ.accounts.roles import Action
from shequ.core.kit import Column, FormPage, ListPage
from shequ.registry.policies import resident_policy

from . import selectors, services


class InvitationFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Resident's name"), required=False, max_length=40)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


def _account(invitation) -> str:
    return reverse("signup:resident-account", args=[invitation.resident_id])


def _revoke(invitation) -> str:
    return reverse("signup:invitation-revoke", args=[invitation.pk])


class InvitationList(ListPage):
    title = gettext_lazy("Open invitations")
    columns = [
        Column(gettext_lazy("Resident"), "resident.name", link=_account),
        Column(gettext_lazy("Issued by"), "issued_by.display_name"),
        Column(gettext_lazy("Issued"), "created_at"),
        Column(gettext_lazy("Expires"), "expires_at"),
        Column(pgettext_lazy("invitation", "Revoke"), lambda i: _("Revoke…"), link=_revoke,
               download=False),
    ]
    filter_form = InvitationFilterForm
    download_name, download_action = "invitations", Action.EDIT_PEOPLE
    row_key, empty_text = "invitation", gettext_lazy("No open invitations.")
    action = Action.EDIT_PEOPLE

    def rows(self, filters):
        return selectors.open_invitation_list(actor=self.request.user, q=filters.get("q", ""))


class InvitationRevoke(FormPage):
    form_class, action = RevokeForm, Action.EDIT_PEOPLE
    success_message = gettext_lazy("The invitation is revoked: its link no longer works.")
    confirm = gettext_lazy("Revoke this invitation? The resident's link will stop working.")

    def get_object(self):
        return selectors.invitation_get_for_actor(self.request.user,
                                                  self.kwargs["invitation_id"])

    def check(self, invitation):
        resident_policy.require(self.request.user, Action.EDIT_PEOPLE, invitation.resident)

    def save(self, invitation, data):
        return services.invitation_revoke(actor=self.request.user, invitation=invitation,
                                          reason=data["reason"])

    def success_url(self, row):
        return reverse("signup:invitation-list")

    back_url = success_url

    def page_title(self, invitation):
        return _("Revoke the invitation for %(name)s") % {"name": invitation.resident.name}
