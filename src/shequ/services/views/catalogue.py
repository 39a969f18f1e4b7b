"""The catalogue pages (list, new, edit, retire) and the 代办 authorisation form, on the
page kit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act, confirm_first
from shequ.registry.selectors import resident_get_for_actor
from shequ.territory.models import AreaKind
from shequ.territory.selectors import area_list

from .. import selectors, services
from ..forms import AuthorisationForm, ItemFilterForm, ItemForm
from ..policies import Action, item_policy


def _fee(i) -> str:
    if not i.fee:
        return str(i.get_payer_display())
    return f"¥{i.fee} · {i.get_payer_display()}"


class ItemList(ListPage):
    title = gettext_lazy("Service catalogue")
    filter_form = ItemFilterForm
    row_key, empty_text = "item", gettext_lazy("No services in the catalogue.")
    download_name, download_action = "service-catalogue", Action.VIEW_SERVICES

    def get_columns(self):
        manage = item_policy.holds(self.request.user, Action.MANAGE_CATALOGUE)
        return [
            Column(pgettext_lazy("thing", "Name"), "name",
                   link=(lambda i: reverse("services:item-edit", args=[i.pk])) if manage
                   else None),
            Column(gettext_lazy("Owning department"), "department"),
            Column(gettext_lazy("Time limit (working days)"), "time_limit_days"),
            Column(gettext_lazy("Fee"), _fee),
            Column(gettext_lazy("Online/offline"), "get_channel_display"),
            Column(gettext_lazy("Counter"), "counter"),
            Column(gettext_lazy("Offered in"), "area.name"),
            Column(gettext_lazy("Materials"), lambda i: "；".join(i.material_list()),
                   page=False),
        ]

    def check(self):
        user = self.request.user
        if not (item_policy.holds(user, Action.VIEW_SERVICES)
                or item_policy.holds(user, Action.SELF_SERVICE)):
            raise NotFound()

    def rows(self, filters):
        retired = filters.get("retired")
        return selectors.item_list(actor=self.request.user, q=filters.get("q", ""),
                                   active=None if retired is None else not retired)

    def actions(self):
        if item_policy.holds(self.request.user, Action.MANAGE_CATALOGUE):
            yield _("New service"), reverse("services:item-new")


def _areas(user):
    return area_list(actor=user).filter(
        kind__in=[AreaKind.DISTRICT, AreaKind.STREET, AreaKind.COMMUNITY]).order_by("path")


class ItemNew(FormPage):
    form_class, title, action = ItemForm, gettext_lazy("New service"), Action.MANAGE_CATALOGUE
    success_message = gettext_lazy("The service is in the catalogue.")

    def form_kwargs(self, obj):
        return {"areas": _areas(self.request.user)}

    def save(self, obj, data):
        return services.item_create(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("services:item-list")

    back_url = success_url


class ItemEdit(FormPage):
    form_class, action = ItemForm, Action.MANAGE_CATALOGUE

    def get_object(self):
        item = selectors.item_get_for_actor(self.request.user, self.kwargs["item_id"])
        item_policy.require(self.request.user, Action.MANAGE_CATALOGUE, item)
        return item

    def initial(self, i):
        return {f: getattr(i, f) for f in ("name", "department", "materials", "time_limit_days",
                                           "fee", "payer", "channel", "counter", "home_service")}

    def save(self, item, data):
        return services.item_update(actor=self.request.user, item=item, **data)

    def success_url(self, row):
        return reverse("services:item-list")

    back_url = success_url

    def page_title(self, item):
        return item.name + (f" · {_('retired')}" if not item.is_active else "")

    def context(self, item):
        return {"hint": _("Retire it below when it is no longer offered.")
                if item.is_active else _("Retired: no new requests may name it."),
                "retire_url": reverse("services:item-retire", args=[item.pk])
                if item.is_active else ""}

    template_name = "services/item_form.html"


@login_required
@require_POST
def item_retire(request, item_id):
    item = selectors.item_get_for_actor(request.user, item_id)
    item_policy.require(request.user, Action.MANAGE_CATALOGUE, item)
    back = reverse("services:item-edit", args=[item.pk])
    asking = confirm_first(request, title=item.name, back=back,
                           question=_("Retire this service? No new request may name it."))
    if asking is not None:
        return asking
    return act(request, services.item_retire, _("The service is retired."),
               reverse("services:item-list"), item=item)


class AuthorisationNew(FormPage):
    """Record a 代办 authorisation for a resident, then go back to their request form."""

    form_class, action = AuthorisationForm, Action.HANDLE_REQUESTS
    success_message = gettext_lazy("The authorisation is recorded.")

    def get_object(self):
        return resident_get_for_actor(self.request.user, self.kwargs["resident_id"])

    def form_kwargs(self, resident):
        return {"items": selectors.offered_to(resident)}

    def page_title(self, resident):
        return _("代办 authorisation for %(name)s") % {"name": resident.name}

    def save(self, resident, data):
        return services.authorisation_record(actor=self.request.user, resident=resident, **data)

    def success_url(self, row):
        return f"{reverse('services:request-new')}?resident={row.resident_id}"

    def back_url(self, resident):
        return f"{reverse('services:request-new')}?resident={resident.pk}"
