"""党建责任 chain pages: the closed-loop view (every item with where the chain breaks at
it), a new district item, an item's page (children, evidence, passing it down, closing)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import FormPage, act, act_form

from .. import selectors, services
from ..forms import EvidenceForm, ItemForm
from ..policies import Action, responsibility_policy
from ..selectors import chain as chain_selectors


def _item_url(pk) -> str:
    return reverse("branches:item-detail", args=[pk])


@login_required
@require_GET
def chain(request):
    user = request.user
    if not responsibility_policy.holds(user, Action.VIEW_BRANCHES):
        raise NotFound()
    broken = request.GET.get("broken") == "1"
    links = chain_selectors.chain_view(actor=user, broken_only=broken)
    return render(request, "branches/chain.html", {
        "links": links, "broken": broken,
        "broken_count": sum(1 for lk in links if lk.broken),
        "may_start": bool(chain_selectors.districts_for(user))})


class ItemNew(FormPage):
    """The head of a chain: an item of the district."""

    form_class, title = ItemForm, gettext_lazy("New responsibility item")
    action = Action.MANAGE_CHAIN
    success_message = gettext_lazy("The item is created. Pass it down to the streets.")

    def form_kwargs(self, obj):
        return {"places": chain_selectors.districts_for(self.request.user)}

    def save(self, obj, data):
        return services.responsibility_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _item_url(row.pk)

    def back_url(self, obj):
        return reverse("branches:chain")


class ItemDerive(FormPage):
    """An item passed down one level from its parent."""

    form_class = ItemForm
    success_message = gettext_lazy("The item is passed down.")

    def get_object(self):
        return selectors.responsibility_get_for_actor(self.request.user,
                                                      self.kwargs["item_id"])

    def form_kwargs(self, parent):
        places, branches = chain_selectors.derive_choices(self.request.user, parent)
        return {"places": places, "branches": branches}

    def initial(self, parent):
        return {"title": parent.title, "due_on": parent.due_on, "detail": parent.detail}

    def save(self, parent, data):
        return services.responsibility_derive(actor=self.request.user, parent=parent, **data)

    def success_url(self, row):
        return _item_url(row.pk)

    def back_url(self, parent):
        return _item_url(parent.pk)

    def page_title(self, parent):
        return _("Pass down: %(title)s") % {"title": parent.title}


@login_required
@require_GET
def item_detail(request, item_id):
    user = request.user
    item = selectors.responsibility_get_for_actor(user, item_id)
    manage = chain_selectors.may_manage(user, item)
    return render(request, "branches/item_detail.html", {
        "item": item, "manage": manage, "children": chain_selectors.children(item),
        "evidence": list(item.evidence.all()),
        "may_derive": item.level != "branch" and responsibility_policy.holds(
            user, Action.MANAGE_CHAIN),
        "evidence_form": EvidenceForm() if manage else None})


@login_required
@require_POST
def item_evidence(request, item_id):
    item = selectors.responsibility_get_for_actor(request.user, item_id)
    return act_form(request, EvidenceForm(request.POST, request.FILES), services.evidence_add,
                    _("Evidence added."), _item_url(item.pk), item=item)


@login_required
@require_POST
def item_close(request, item_id):
    item = selectors.responsibility_get_for_actor(request.user, item_id)
    return act(request, services.responsibility_close, _("The item is done."),
               _item_url(item.pk), item=item)


@login_required
@require_GET
def evidence_file(request, item_id, evidence_id):
    item = selectors.responsibility_get_for_actor(request.user, item_id)
    row = item.evidence.filter(pk=evidence_id).exclude(file="").first()
    if row is None:
        raise NotFound()
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.original_name,
                        content_type=row.content_type or None)
