"""Resident registry pages: list with live search, resident and household detail with
masked personal data and an audited reveal, register / edit / deactivate, party members.

Views parse input, call one selector or service and render; the lists and forms are the
page kit's (core.kit). Scope is enforced below them: selectors raise NotFound for
out-of-scope ids (→ 404), the policy Forbidden when the user sees a record but may not
act on it (→ 403). Lists show ID numbers and phones masked and the age, never the birth
date (registry/pii.py)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shequ.accounts.roles import Action
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.kit import Column, FormPage, ListPage
from shequ.territory import selectors as territory_selectors
from shequ.territory.filters import AreaFiltered

from . import selectors, services
from .forms import (
    PartyMemberFilterForm,
    ReasonForm,
    ResidentEditForm,
    ResidentFilterForm,
    ResidentForm,
    tag_label,
    visible_tags,
)
from .models import Relation
from .policies import party_member_policy, resident_policy

REVEAL_FIELDS = ("id_number", "phone")


# -- helpers ------------------------------------------------------------------------------
def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _resident(request, resident_id):
    return selectors.resident_get_for_actor(request.user, resident_id)


def _household(request, household_id):
    return territory_selectors.household_get_for_actor(request.user, household_id)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _decorate(residents) -> None:
    today = dt.date.today()
    for r in residents:
        r.age = _age(r.birth_date, today)


def _years(r) -> str:
    """The age, never the birth date: beside the masked ID number the date would complete
    it (registry/pii.py)."""
    age = _age(r.birth_date, dt.date.today())
    return ngettext("%(age)s year", "%(age)s years", age) % {"age": age}


def _shown(n: int, capped: bool) -> dict:
    """A count as a list shows it: 12,345, or 10,000+ once counting stopped at the cap."""
    return {"shown": intcomma(n) + ("+" if capped else "")}


def _detail_url(resident_id) -> str:
    return reverse("registry:resident-detail", args=[resident_id])


# -- resident list ---------------------------------------------------------------------------
class ResidentList(ListPage):
    """Residents in scope, searched as the user types (name, pinyin, initials, phone or ID
    tail); ID numbers and phones masked, the age instead of the birth date."""

    title, action = gettext_lazy("Residents"), selectors.VIEW
    filter_form, row_key, live, counted = ResidentFilterForm, "resident", True, True
    empty_text = gettext_lazy("No residents are registered in your area yet.")
    no_match_text = gettext_lazy("No resident matches. Try fewer letters, the pinyin "
                                 "initials (e.g. zs), or the last 4 digits of the phone.")
    columns = [
        Column(gettext_lazy("Name"), "name", link=lambda r: _detail_url(r.pk)),
        Column(gettext_lazy("Gender"), "get_gender_display"),
        Column(gettext_lazy("Age"), _years),
        Column(gettext_lazy("Phone"), "phone_masked"),
        Column(gettext_lazy("Address"), "household.address"),
        Column(gettext_lazy("ID number"), "id_number_masked"),
    ]

    def get_filter_form(self):
        user = self.request.user
        self.form = ResidentFilterForm(
            self.request.GET or None, areas=list(territory_selectors.area_list(actor=user)),
            tags=visible_tags(sensitive=resident_policy.holds(user, Action.EDIT_PEOPLE)))
        return self.form

    def rows(self, d):
        filters = selectors.ResidentFilters(
            q=d["q"], area=self.form.area_obj(), tag=d["tag"], gender=d["gender"],
            residence_type=d["residence_type"], political_status=d["political_status"],
        ) if d else selectors.ResidentFilters()
        qs = selectors.resident_list(actor=self.request.user, filters=filters)
        return qs.none() if d and self.form.area_refused() else qs

    def count_text(self, n, capped):
        return ngettext("%(shown)s resident", "%(shown)s residents", n) % _shown(n, capped)


# -- resident detail, reveal -----------------------------------------------------------------
def _detail_context(request, resident, **extra) -> dict:
    user = request.user
    staff = resident_policy.can(user, Action.EDIT_PEOPLE, resident)
    _decorate([resident])
    try:
        membership = resident.membership
    except resident.__class__.membership.RelatedObjectDoesNotExist:
        membership = None
    tags = [{"label": tag_label(t), "sensitive": t.sensitive}
            for t in resident.tags.all() if staff or not t.sensitive]
    return {
        "resident": resident,
        "household": resident.household,
        "tags": tags,
        "membership": membership if party_member_policy.holds(user, Action.VIEW_PARTY) else None,
        "can_edit": staff,
        "can_reveal": resident_policy.can(user, Action.REVEAL_PII, resident),
        "reason_form": ReasonForm(),
        **extra,
    }


@login_required
@require_GET
def resident_detail(request, resident_id):
    resident = _resident(request, resident_id)
    return render(request, "registry/resident_detail.html", _detail_context(request, resident))


@never_cache
@login_required
@require_POST
def resident_reveal(request, resident_id, field):
    """Show one ID number or phone in clear, once, in this response only. The service
    checks the reveal permission in the resident's scope and writes the audit row."""
    if field not in REVEAL_FIELDS:
        raise NotFound()
    resident = _resident(request, resident_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        value = services.resident_reveal(actor=request.user, resident=resident, field=field,
                                         reason=reason)
    except (NotFound, Forbidden):
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        form.add_error("reason" if exc.field == "reason" else None, exc.message)
        context = {"resident": resident, "field": field, "reason_form": form,
                   "can_reveal": True, "open": True}
        return render(request, _reveal_template(request), context, status=422)
    context = {"resident": resident, "field": field, "value": value, "reason": reason}
    return render(request, _reveal_template(request), context)


def _reveal_template(request) -> str:
    return "registry/_pii_field.html" if _is_htmx(request) else "registry/reveal.html"


# -- register, edit, deactivate -------------------------------------------------------------
class ResidentNew(FormPage):
    """Register a resident in a household the user may edit."""

    form_class, title = ResidentForm, gettext_lazy("Register a resident")

    def get_object(self):
        household = _household(self.request, self.kwargs["household_id"])
        resident_policy.require(self.request.user, Action.EDIT_PEOPLE, household)
        return household

    def form_kwargs(self, household):
        return {"tags": visible_tags(sensitive=True)}

    def initial(self, household):
        return {"relation": selectors.household_default_relation(household)}

    def save(self, household, d):
        return services.resident_create(
            actor=self.request.user, household=household, name=d["name"],
            id_number=d["id_number"], phone=d["phone"] or None, relation=d["relation"],
            ethnicity=d["ethnicity"], political_status=d["political_status"],
            residence_type=d["residence_type"], tags=list(d["tags"]), note=d["note"])

    def success_text(self, resident):
        return _("%(name)s has been registered.") % {"name": resident.name}

    def success_url(self, resident):
        return _detail_url(resident.pk)

    def back_url(self, household):
        return reverse("registry:household-detail", args=[household.pk])


class ResidentEdit(FormPage):
    """Everything but the ID number; the phone is kept unless a new one is typed."""

    form_class = ResidentEditForm
    success_message = gettext_lazy("The changes have been saved.")
    fields = ("name", "relation", "ethnicity", "political_status", "residence_type", "note")

    def get_object(self):
        resident = _resident(self.request, self.kwargs["resident_id"])
        resident_policy.require(self.request.user, Action.EDIT_PEOPLE, resident)
        return resident

    def form_kwargs(self, resident):
        return {"tags": visible_tags(sensitive=True), "phone_masked": resident.phone_masked}

    def initial(self, r):
        return {**{k: getattr(r, k) for k in self.fields}, "phone": "",
                "tags": list(r.tags.all())}

    def save(self, resident, d):
        changes = {k: d[k] for k in self.fields}
        changes["tags"] = list(d["tags"])
        if d["phone"].strip():
            changes["phone"] = d["phone"]
        services.resident_update(actor=self.request.user, resident=resident, **changes)
        return resident

    def success_url(self, resident):
        return _detail_url(resident.pk)

    back_url = success_url

    def page_title(self, resident):
        return f"{_('Edit')} {resident.name}"


@login_required
@require_POST
def resident_deactivate(request, resident_id):
    resident = _resident(request, resident_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.resident_deactivate(actor=request.user, resident=resident,
                                     reason=form.cleaned_data.get("reason", ""))
    except (NotFound, Forbidden):
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        context = _detail_context(request, resident, deactivate_error=exc.message,
                                  deactivate_open=True)
        return render(request, "registry/resident_detail.html", context, status=400)
    messages.success(request, _("%(name)s is marked as no longer living here.")
                     % {"name": resident.name})
    return redirect("registry:resident-detail", resident_id=resident.pk)


# -- households -------------------------------------------------------------------------------
_RELATION_ORDER = {value: i for i, value in enumerate(Relation.values)}


@login_required
@require_GET
def household_detail(request, household_id):
    household = _household(request, household_id)
    members = sorted(
        selectors.household_members(actor=request.user, household=household),
        key=lambda r: (not r.is_active, _RELATION_ORDER.get(r.relation, 99), r.birth_date),
    )
    _decorate(members)
    building = household.entrance.building
    return render(request, "registry/household_detail.html", {
        "household": household,
        "building": building,
        "members": members,
        "can_add": resident_policy.can(request.user, Action.EDIT_PEOPLE, household),
    })


class HouseholdList(ListPage):
    title, action = gettext_lazy("Households"), selectors.VIEW
    row_key, counted, page_size = "household", True, 50
    empty_text = gettext_lazy("No households are registered in your area yet.")
    columns = [Column(gettext_lazy("Address"), "address",
                      link=lambda h: reverse("registry:household-detail", args=[h.pk]))]

    def rows(self, filters):
        return territory_selectors.household_list(actor=self.request.user).order_by("id")

    def actions(self):
        yield _("Browse by building"), reverse("territory:tree")

    def count_text(self, n, capped):
        return ngettext("%(shown)s household", "%(shown)s households", n) % _shown(n, capped)


# -- party members ----------------------------------------------------------------------------
class PartyMemberList(AreaFiltered, ListPage):
    title, action = gettext_lazy("Party members"), Action.VIEW_PARTY
    filter_form, row_key, live, counted = PartyMemberFilterForm, "member", True, True
    empty_text = gettext_lazy("No party members are registered in your area yet.")
    no_match_text = gettext_lazy("No party member matches.")
    columns = [
        Column(gettext_lazy("Name"), "resident.name", link=lambda m: _detail_url(m.resident_id)),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("membership relation"), "get_relation_location_display"),
        Column(gettext_lazy("joined on"), "joined_on"),
        Column(gettext_lazy("Organisation"), "org.name"),
    ]

    def rows(self, d):
        return self.in_area(selectors.party_member_list(
            actor=self.request.user, q=d.get("q", ""), status=d.get("status", "")), d)

    def count_text(self, n, capped):
        return ngettext("%(shown)s party member", "%(shown)s party members",
                        n) % _shown(n, capped)
