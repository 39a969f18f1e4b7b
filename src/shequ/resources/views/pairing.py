"""城乡结对共建 pages: the pairings, a pairing with its exchanges, and their forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from shequ.core.kit import Column, FormPage, ListPage
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import ExchangeAddForm, PairingForm
from ..policies import Action, pairing_policy


def pairing_url(pairing_id) -> str:
    return reverse("resources:pairing-detail", args=[pairing_id])


class PairingList(ListPage):
    title = gettext_lazy("Urban-rural pairing")
    action = Action.VIEW_RESOURCES
    columns = [
        Column(gettext_lazy("Village"), lambda p: f"{p.township} {p.village}",
               link=lambda p: pairing_url(p.pk)),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Contact person"), "contact"),
        Column(gettext_lazy("Contact phone"), "contact_phone_masked"),
        Column(gettext_lazy("Paired since"), "started_on"),
        Column(gettext_lazy("Exchanges"), "exchange_count"),
    ]
    download_name, download_action = "pairings", Action.VIEW_RESOURCES
    row_key, empty_text = "pairing", gettext_lazy("No pairings yet.")

    def rows(self, filters):
        return selectors.pairing_list(actor=self.request.user)

    def actions(self):
        if pairing_policy.holds(self.request.user, Action.MANAGE_RESOURCES):
            yield _("New pairing"), reverse("resources:pairing-new")


class PairingNew(FormPage):
    form_class, title, action = PairingForm, gettext_lazy("New pairing"), Action.MANAGE_RESOURCES

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, self.action)}

    def save(self, obj, data):
        return services.pairing_create(actor=self.request.user, **data)

    def success_url(self, row):
        return pairing_url(row.pk)

    def back_url(self, obj):
        return reverse("resources:pairing-list")


class ExchangeNew(FormPage):
    form_class, title = ExchangeAddForm, gettext_lazy("Record an exchange")
    success_message = gettext_lazy("The exchange is recorded.")

    def get_object(self):
        return selectors.pairing_get_for_actor(self.request.user, self.kwargs["pairing_id"])

    def check(self, pairing):
        pairing_policy.require(self.request.user, Action.MANAGE_RESOURCES, pairing)

    def form_kwargs(self, pairing):
        return {"resources": selectors.resource_list(actor=self.request.user,
                                                     area_path=pairing.path)}

    def save(self, pairing, data):
        data = dict(data)
        photo = data.pop("photos", None)
        residents = selectors.residents_named(actor=self.request.user, pairing=pairing,
                                              names=data.pop("registry_names"))
        return services.exchange_add(actor=self.request.user, pairing=pairing,
                                     residents=residents, photos=[photo] if photo else [],
                                     **data)

    def success_url(self, row):
        return pairing_url(row.pairing_id)

    def back_url(self, pairing):
        return pairing_url(pairing.pk)


@login_required
@require_GET
def pairing_detail(request, pairing_id):
    pairing = selectors.pairing_get_for_actor(request.user, pairing_id)
    return render(request, "resources/pairing_detail.html", {
        "pairing": pairing, "exchanges": selectors.exchange_list(pairing=pairing),
        "manage": pairing_policy.can(request.user, Action.MANAGE_RESOURCES, pairing)})
