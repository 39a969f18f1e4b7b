"""Set-up pages for party organisations and units: create, edit, move, dissolve an
organisation; a community committee's 大党委 (unit organisations, part-time members with
posts and terms); create, edit and close units. Every form calls one service; its refusal
comes back next to the field (status 400)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.freetext import form_service

from . import selectors, services
from .forms import (
    MemberOrgForm,
    PartTimeForm,
    PartyOrgEditForm,
    PartyOrgForm,
    PartyOrgMoveForm,
    ReasonForm,
    UnitForm,
)
from .models import OrgKind, PartTimeMember, PartyOrg

EDIT = services.EDIT
PAGE = 50


def _need_edit(user) -> None:
    if not user.can(EDIT):
        raise Http404()


_save = form_service


def _areas(user):
    return selectors.area_choices(actor=user)


def _orgs(user):
    return selectors.party_org_choices(actor=user)


def _units(user):
    return selectors.open_unit_choices(actor=user)


@login_required
@require_http_methods(["GET", "POST"])
def party_org_new(request):
    user = request.user
    _need_edit(user)
    form = PartyOrgForm(request.POST or None)
    form.set_choices(area=_areas(user), parent=_orgs(user), unit=_units(user))
    if request.method == "POST" and form.is_valid():
        org = _save(form, services.party_org_create, actor=user, **form.cleaned_data)
        if org is not None:
            messages.success(request, _("Saved."))
            return redirect("organizations:party-org-setup", org_id=org.pk)
    return render(request, "core/kit/form.html", {
        "form": form, "title": _("New party organisation"),
        "back": reverse("organizations:party-org-list")}, status=400 if form.errors else 200)


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
        raise Http404() from None
    except Forbidden:
        raise PermissionDenied() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def party_org_setup(request, org_id):
    user = request.user
    _need_edit(user)
    try:
        org = selectors.party_org_get_for_actor(user, org_id)
    except NotFound:
        raise Http404() from None
    op = request.POST.get("op", "") if request.method == "POST" else ""
    forms = _org_forms(request, user, org, op)
    if op:
        if op not in forms and op not in ("member_remove", "pt_remove"):
            raise Http404()
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


@login_required
@require_GET
def unit_list(request):
    user = request.user
    _need_edit(user)
    qs = selectors.unit_list(actor=user).order_by("name", "pk")
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    return render(request, "organizations/unit_list.html", {
        "page": page, "rows": page.object_list, "query": "", "can_edit": user.can(EDIT)})


@login_required
@require_http_methods(["GET", "POST"])
def unit_new(request):
    user = request.user
    _need_edit(user)
    form = UnitForm(request.POST or None)
    form.set_choices(area=_areas(user))
    if request.method == "POST" and form.is_valid():
        unit = _save(form, services.unit_create, actor=user, **form.cleaned_data)
        if unit is not None:
            messages.success(request, _("Saved."))
            return redirect("organizations:unit-setup", unit_id=unit.pk)
    return render(request, "core/kit/form.html", {
        "form": form, "title": _("New unit"), "back": reverse("organizations:unit-list")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def unit_setup(request, unit_id):
    user = request.user
    _need_edit(user)
    try:
        unit = selectors.unit_get_for_actor(user, unit_id)
    except NotFound:
        raise Http404() from None
    op = request.POST.get("op", "") if request.method == "POST" else ""
    edit = UnitForm(request.POST if op == "edit" else None, initial={
        "name": unit.name, "credit_code": unit.credit_code, "kind": unit.kind,
        "area": unit.area_id, "address": unit.address})
    edit.set_choices(area=_areas(user))
    close = ReasonForm(request.POST if op == "close" else None)
    form = {"edit": edit, "close": close}.get(op)
    if op and form is None:
        raise Http404()
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
