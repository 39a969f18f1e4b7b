"""Set-up pages for party organisations and units: create, edit, move, dissolve an
organisation; a community committee's 大党委 (unit organisations, part-time members with
posts and terms); create, edit and close units. The new-organisation and new-unit forms
and the unit list are the page kit's (core.kit); the two set-up pages hold several forms
each and stay hand-written on the same helpers. Every form calls one service; its refusal
comes back next to the field (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.freetext import form_service
from shequ.core.kit import Column, FormPage, ListPage, need

from . import selectors, services
from .forms import (
    MemberOrgForm,
    PartTimeForm,
    PartyOrgEditForm,
    PartyOrgForm,
    PartyOrgMoveForm,
    ReasonForm,
    UnitFilterForm,
    UnitForm,
)
from .models import OrgKind, PartTimeMember, PartyOrg

EDIT = services.EDIT


def _need_edit(user) -> None:
    need(user, EDIT)


_save = form_service


def _areas(user):
    return selectors.area_choices(actor=user)


def _orgs(user):
    return selectors.party_org_choices(actor=user)


def _units(user):
    return selectors.open_unit_choices(actor=user)


class PartyOrgNew(FormPage):
    form_class, title, action = PartyOrgForm, gettext_lazy("New party organisation"), EDIT

    def form_kwargs(self, obj):
        user = self.request.user
        return {"choices": {"area": _areas(user), "parent": _orgs(user), "unit": _units(user)}}

    def save(self, obj, data):
        return services.party_org_create(actor=self.request.user, **data)

    def success_url(self, org):
        return reverse("organizations:party-org-setup", args=[org.pk])

    def back_url(self, obj):
        return reverse("organizations:party-org-list")


def _org_forms(request, user, org, op):
    data = request.POST if request.method == "POST" else None

    def bound(name):
        return data if op == name else None

    forms = {
        "edit": PartyOrgEditForm(bound("edit"), initial={
            "name": org.name, "kind": org.kind, "is_fallback": org.is_fallback}),
        "move": PartyOrgMoveForm(bound("move"), initial={"parent": org.parent_id}),
        "dissolve": ReasonForm(bound("dissolve")),
    }
    forms["move"].set_choices(parent=_orgs(user).exclude(pk=org.pk))
    if org.kind == OrgKind.COMMUNITY_COMMITTEE:
        forms["member_add"] = MemberOrgForm(bound("member_add"))
        forms["member_add"].set_choices(org=_orgs(user).filter(kind=OrgKind.UNIT_ORG))
        forms["pt_add"] = PartTimeForm(bound("pt_add"))
        forms["pt_add"].set_choices(unit=_units(user))
    return forms


def _org_op(request, user, org, op, form):
    if op in ("member_remove", "pt_remove"):
        return _remove(request, user, org, op)
    if not form.is_valid():
        return None
    d = form.cleaned_data
    if op == "edit":
        return _save(form, services.party_org_update, actor=user, org=org, **d)
    if op == "move":
        return _save(form, services.party_org_move, actor=user, org=org, parent=d["parent"])
    if op == "dissolve":
        return _save(form, services.party_org_dissolve, actor=user, org=org, reason=d["reason"])
    if op == "member_add":
        return _save(form, services.committee_member_add, actor=user, committee=org,
                     org=d["org"])
    if op == "pt_add":
        return _save(form, services.part_time_member_add, actor=user, committee=org, **d)
    return None


def _remove(request, user, org, op):
    """The list rows' remove buttons: refusals come back as a message."""
    try:
        if op == "member_remove":
            member = org.member_orgs.get(pk=int(request.POST.get("id", "")))
            services.committee_member_remove(actor=user, committee=org, org=member)
        else:
            member = org.part_time_members.get(pk=int(request.POST.get("id", "")))
            services.part_time_member_remove(actor=user, member=member)
    except (ValueError, PartyOrg.DoesNotExist, PartTimeMember.DoesNotExist):
        raise NotFound() from None
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def party_org_setup(request, org_id):
    user = request.user
    _need_edit(user)
    org = selectors.party_org_get_for_actor(user, org_id)
    op = request.POST.get("op", "") if request.method == "POST" else ""
    forms = _org_forms(request, user, org, op)
    if op:
        if op not in forms and op not in ("member_remove", "pt_remove"):
            raise NotFound()
        if _org_op(request, user, org, op, forms.get(op)) is not None:
            if op == "dissolve":
                messages.success(request, _("The organisation is dissolved."))
                return redirect("organizations:party-org-list")
            messages.success(request, _("Saved."))
            return redirect("organizations:party-org-setup", org_id=org.pk)
    return render(request, "organizations/party_org_setup.html", {
        "org": org, "forms": forms,
        "member_orgs": org.member_orgs.order_by("name") if "member_add" in forms else [],
        "part_timers": org.part_time_members.select_related("unit").order_by("id")
        if "pt_add" in forms else [],
    }, status=400 if any(f.errors for f in forms.values()) else 200)


def _unit_setup(unit) -> str:
    return reverse("organizations:unit-setup", args=[unit.pk])


class UnitList(ListPage):
    title, action = gettext_lazy("Units in the area"), EDIT
    columns = [
        Column(gettext_lazy("Name"), "name", link=_unit_setup),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Unified social credit code"), "credit_code"),
        Column(gettext_lazy("Area"), "area.name"),
        Column(gettext_lazy("Closed on"), "closed_at"),
    ]
    filter_form = UnitFilterForm
    download_name, download_action = "units", EDIT
    row_key, empty_text = "unit", gettext_lazy("No units are registered in your area yet.")

    def rows(self, filters):
        qs = selectors.unit_list(actor=self.request.user).order_by("name", "pk")
        if filters.get("open_only"):
            qs = qs.filter(closed_at__isnull=True)
        q = (filters.get("q") or "").strip()
        if q:
            qs = qs.filter(Q(name__contains=q) | Q(credit_code=q.upper()))
        return qs

    def actions(self):
        yield _("New unit"), reverse("organizations:unit-new")


class UnitNew(FormPage):
    form_class, title, action = UnitForm, gettext_lazy("New unit"), EDIT

    def form_kwargs(self, obj):
        return {"choices": {"area": _areas(self.request.user)}}

    def save(self, obj, data):
        return services.unit_create(actor=self.request.user, **data)

    def success_url(self, unit):
        return _unit_setup(unit)

    def back_url(self, obj):
        return reverse("organizations:unit-list")


@login_required
@require_http_methods(["GET", "POST"])
def unit_setup(request, unit_id):
    user = request.user
    _need_edit(user)
    unit = selectors.unit_get_for_actor(user, unit_id)
    op = request.POST.get("op", "") if request.method == "POST" else ""
    edit = UnitForm(request.POST if op == "edit" else None, initial={
        "name": unit.name, "credit_code": unit.credit_code, "kind": unit.kind,
        "area": unit.area_id, "address": unit.address})
    edit.set_choices(area=_areas(user))
    close = ReasonForm(request.POST if op == "close" else None)
    form = {"edit": edit, "close": close}.get(op)
    if op and form is None:
        raise NotFound()
    if form is not None and form.is_valid():
        d = form.cleaned_data
        if op == "edit":
            done = _save(form, services.unit_update, actor=user, unit=unit, **d)
        else:
            done = _save(form, services.unit_close, actor=user, unit=unit, reason=d["reason"])
        if done is not None:
            messages.success(request, _("Saved."))
            return redirect("organizations:unit-setup", unit_id=unit.pk)
    return render(request, "organizations/unit_setup.html", {
        "unit": unit, "edit": edit, "close": close,
    }, status=400 if (edit.errors or close.errors) else 200)
