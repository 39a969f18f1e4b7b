"""Resident registry pages: list with live search, resident and household detail with
masked personal data and an audited reveal, register / edit / deactivate, party members.

Views parse input, call one selector or service and render. Scope is enforced below them:
selectors return NotFound for out-of-scope ids (→ 404), services raise Forbidden when the
user sees a record but may not act on it (→ 403)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.accounts.roles import Action
from shequ.core.errors import DomainError, Forbidden
from shequ.core.keyset import page_for_request
from shequ.territory import selectors as territory_selectors

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

PAGE = 30
REVEAL_FIELDS = ("id_number", "phone")


# -- helpers ------------------------------------------------------------------------------
def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _resident(request, resident_id):
    return selectors.resident_get_for_actor(request.user, resident_id)


def _household(request, household_id):
    return territory_selectors.household_get_for_actor(request.user, household_id)


def _keyset(qs, request, size=PAGE):
    return page_for_request(qs, request, size=size)


def _age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _decorate(residents) -> None:
    today = dt.date.today()
    for r in residents:
        r.age = _age(r.birth_date, today)


def _form_error(form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# -- resident list ---------------------------------------------------------------------------
@login_required
@require_GET
def resident_list(request):
    user = request.user
    if not resident_policy.holds(user, selectors.VIEW):
        raise Http404()
    staff = resident_policy.holds(user, Action.EDIT_PEOPLE)
    form = ResidentFilterForm(
        request.GET,
        areas=list(territory_selectors.area_list(actor=user)),
        tags=visible_tags(sensitive=staff),
    )
    filters = selectors.ResidentFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ResidentFilters(
            q=d["q"], area=form.area_obj(), tag=d["tag"], gender=d["gender"],
            residence_type=d["residence_type"], political_status=d["political_status"],
        )
    qs = selectors.resident_list(actor=user, filters=filters)
    rows, next_query, continued = _keyset(qs, request)
    _decorate(rows)
    context = {"form": form, "residents": rows, "next_query": next_query,
               "searching": bool(form.is_valid() and any(form.cleaned_data.values()))}
    if _is_htmx(request) and continued:
        template = "registry/_resident_rows.html"
    else:
        context["total"] = qs.count()
        template = ("registry/_resident_results.html" if _is_htmx(request)
                    else "registry/resident_list.html")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


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
        raise Http404()
    resident = _resident(request, resident_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        value = services.resident_reveal(actor=request.user, resident=resident, field=field,
                                         reason=reason)
    except Forbidden:
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
def _require_edit(request, path: str) -> None:
    if not resident_policy.can(request.user, Action.EDIT_PEOPLE, path):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def resident_create(request, household_id):
    household = _household(request, household_id)
    _require_edit(request, household.path)
    tags = visible_tags(sensitive=True)
    form = ResidentForm(request.POST or None, tags=tags,
                        initial={"relation": selectors.household_default_relation(household)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                resident = services.resident_create(
                    actor=request.user, household=household, name=d["name"],
                    id_number=d["id_number"], phone=d["phone"] or None,
                    relation=d["relation"], ethnicity=d["ethnicity"],
                    political_status=d["political_status"],
                    residence_type=d["residence_type"], tags=list(d["tags"]), note=d["note"],
                )
            except Forbidden:
                raise  # answered by core.middleware.DomainErrorMiddleware
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("%(name)s has been registered.") % {"name": resident.name})
                return redirect("registry:resident-detail", resident_id=resident.pk)
        status = 400
    return render(request, "registry/resident_form.html",
                  {"form": form, "household": household, "creating": True}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request, resident_id):
    resident = _resident(request, resident_id)
    _require_edit(request, resident.path)
    tags = visible_tags(sensitive=True)
    initial = {
        "name": resident.name, "phone": "", "relation": resident.relation,
        "ethnicity": resident.ethnicity, "political_status": resident.political_status,
        "residence_type": resident.residence_type, "note": resident.note,
        "tags": list(resident.tags.all()),
    }
    form = ResidentEditForm(request.POST or None, tags=tags, initial=initial)
    form.fields["phone"].help_text = _(
        "Now %(masked)s. Leave empty to keep it; type a new number to replace it."
    ) % {"masked": resident.phone_masked or "—"}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            changes = {k: d[k] for k in ("name", "relation", "ethnicity", "political_status",
                                         "residence_type", "note")}
            changes["tags"] = list(d["tags"])
            if d["phone"].strip():
                changes["phone"] = d["phone"]
            try:
                services.resident_update(actor=request.user, resident=resident, **changes)
            except Forbidden:
                raise  # answered by core.middleware.DomainErrorMiddleware
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("registry:resident-detail", resident_id=resident.pk)
        status = 400
    return render(request, "registry/resident_form.html",
                  {"form": form, "household": resident.household, "resident": resident,
                   "creating": False}, status=status)


@login_required
@require_POST
def resident_deactivate(request, resident_id):
    resident = _resident(request, resident_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        services.resident_deactivate(actor=request.user, resident=resident,
                                     reason=form.cleaned_data.get("reason", ""))
    except Forbidden:
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


@login_required
@require_GET
def household_list(request):
    user = request.user
    if not resident_policy.holds(user, selectors.VIEW):
        raise Http404()
    qs = territory_selectors.household_list(actor=user).order_by("id")
    rows, next_query, continued = _keyset(qs, request, size=50)
    return render(request, "registry/household_list.html", {
        "households": rows, "next_query": next_query, "continued": continued,
        "total": qs.count(),
    })


# -- party members ----------------------------------------------------------------------------
@login_required
@require_GET
def party_member_list(request):
    user = request.user
    if not party_member_policy.holds(user, Action.VIEW_PARTY):
        raise Http404()
    form = PartyMemberFilterForm(request.GET)
    q = status = ""
    if form.is_valid():
        q, status = form.cleaned_data["q"], form.cleaned_data["status"]
    qs = selectors.party_member_list(actor=user, q=q, status=status)
    rows, next_query, continued = _keyset(qs, request)
    context = {"form": form, "members": rows, "next_query": next_query,
               "searching": bool(q or status)}
    if _is_htmx(request) and continued:
        template = "registry/_party_member_rows.html"
    else:
        context["total"] = qs.count()
        template = ("registry/_party_member_results.html" if _is_htmx(request)
                    else "registry/party_member_list.html")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response

