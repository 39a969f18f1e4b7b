"""Staff pages of 双报到 beyond the overview: the service posts a community defines (list,
new, edit), the register of members' registrations (filters, pages, CSV/Excel, ending
a registration with a reason), and registering a member on their behalf."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.freetext import form_refusal
from shequ.territory import selectors as territory_selectors

from .. import selectors, services
from ..forms import (
    EndForm,
    PostFilterForm,
    PostForm,
    RegistrationFilterForm,
    StaffRegisterForm,
    yes_no,
)
from ..policies import Action, post_policy

PAGE = 30


def _need(user, action):
    if not post_policy.holds(user, action):
        raise Http404()


def _found(fn, *args):
    try:
        return fn(*args)
    except NotFound:
        raise Http404() from None


def _page(request, qs) -> dict:
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return {"page": page, "rows": page.object_list, "query": query.urlencode()}


def _save(form, fn, **kwargs):
    """Run one service; its refusal becomes a form error (None returned)."""
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404() from None
    except Forbidden:
        raise PermissionDenied() from None
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


@login_required
@require_GET
def post_list(request):
    user = request.user
    _need(user, Action.VIEW_DUAL)
    form = PostFilterForm(request.GET or None,
                          communities=territory_selectors.communities_for(user, Action.VIEW_DUAL))
    filters = selectors.PostFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.PostFilters(q=d["q"], active=yes_no(d["active"]),
                                        area_path=d["community"].path if d["community"] else "")
    rows = selectors.post_list_for_actor(user, filters)
    return render(request, "members/post_list.html", {
        "form": form, **_page(request, rows),
        "can_manage": post_policy.holds(user, Action.MANAGE_DUAL)})


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request):
    user = request.user
    _need(user, Action.MANAGE_DUAL)
    form = PostForm(request.POST or None,
                    communities=territory_selectors.communities_for(user, Action.MANAGE_DUAL))
    if request.method == "POST" and form.is_valid():
        row = _save(form, services.post_create, actor=user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("The post “%(name)s” is added.") % {"name": row.name})
            return redirect("members:post-list")
    return render(request, "volunteers/form.html", {
        "form": form, "title": _("New service post"), "back": reverse("members:post-list")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id):
    user = request.user
    _need(user, Action.VIEW_DUAL)
    post = _found(selectors.post_get_for_actor, user, post_id)
    if not post_policy.can(user, Action.MANAGE_DUAL, post):
        raise PermissionDenied()
    form = PostForm(request.POST or None, initial={
        "name": post.name, "description": post.description, "capacity": post.capacity,
        "is_active": post.is_active})
    if request.method == "POST" and form.is_valid():
        if _save(form, services.post_update, actor=user, post=post, **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("members:post-list")
    return render(request, "volunteers/form.html", {
        "form": form, "title": post.name, "back": reverse("members:post-list"),
        "hint": _("%(n)d members serve this post now.") % {"n": post.serving}},
        status=400 if form.errors else 200)


@login_required
@require_GET
def registration_list(request):
    user = request.user
    _need(user, Action.VIEW_DUAL)
    form = RegistrationFilterForm(
        request.GET or None, units=selectors.units_for_actor(user),
        communities=territory_selectors.communities_for(user, Action.VIEW_DUAL),
        posts=selectors.posts_for_actor(user))
    filters = selectors.RegistrationFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.RegistrationFilters(
            q=d["q"], unit=d["unit"].pk if d["unit"] else None, active=yes_no(d["active"]),
            area_path=d["community"].path if d["community"] else "",
            post=d["post"].pk if d["post"] else None)
    rows = selectors.registration_list(actor=user, filters=filters)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        rows = list(rows[:5000])
        hours = selectors.hours_by_registration(rows)
        return exports.table(
            actor=request.user, name="dual-registrations", fmt=fmt,
            header=[_("Name"), _("Unit"), _("Community"), _("Posts"), _("Reported on"),
                    _("Confirmed hours"), _("Active"), _("Ended on"), _("Reason")],
            rows=([r.member.resident.name, r.unit.name, r.community.name,
                   "、".join(p.name for p in r.posts.all()),
                   f"{timezone.localtime(r.registered_at):%Y-%m-%d}",
                   float(hours.get(r.pk) or 0), _("yes") if r.is_active else _("no"),
                   f"{timezone.localtime(r.ended_at):%Y-%m-%d}" if r.ended_at else "",
                   r.end_reason] for r in rows))
    context = {"form": form, **_page(request, rows),
               "can_manage": post_policy.holds(user, Action.MANAGE_DUAL),
               "reason_hint": EndForm().fields["reason"].help_text}
    context["rows"] = list(context["rows"])
    hours = selectors.hours_by_registration(context["rows"])
    for r in context["rows"]:
        r.confirmed_hours = hours.get(r.pk) or 0
    return render(request, "members/registration_list.html", context)


@login_required
@require_POST
def registration_end(request, registration_id):
    user = request.user
    _need(user, Action.MANAGE_DUAL)
    row = _found(selectors.registration_get_for_actor, user, registration_id)
    form = EndForm(request.POST)
    back = reverse("members:registration-list")
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    try:
        services.dual_end(actor=user, registration=row, reason=form.cleaned_data["reason"])
    except NotFound:
        raise Http404() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The registration of %(name)s has ended.")
                         % {"name": row.member.resident.name})
    return redirect(back)


@login_required
@require_GET
def registration_candidates(request):
    """In-service members of the staff member's area who have not registered yet
    (searchable), each a link to register them."""
    user = request.user
    _need(user, Action.MANAGE_DUAL)
    q = request.GET.get("q", "")[:40]
    return render(request, "members/registration_new.html", {
        "q": q, "candidates": selectors.registration_candidates(actor=user, q=q, limit=50)})


@login_required
@require_http_methods(["GET", "POST"])
def registration_new(request, member_id):
    """Register one member for 双报到 with their home community, choosing their posts."""
    user = request.user
    _need(user, Action.MANAGE_DUAL)
    member = _found(selectors.member_get_for_actor, user, member_id)
    community = selectors.home_community(member)
    if community is None:
        raise Http404()
    form = StaffRegisterForm(request.POST if request.method == "POST" else None,
                             posts=selectors.post_list(community=community))
    if request.method == "POST" and form.is_valid():
        row = _save(form, services.dual_register, actor=user, member=member,
                    community=community, posts=list(form.cleaned_data["posts"]))
        if row is not None:
            messages.success(request, _("%(name)s is registered with %(community)s.")
                             % {"name": member.resident.name, "community": community.name})
            return redirect("members:registration-list")
    return render(request, "volunteers/form.html", {
        "form": form, "back": reverse("members:registration-candidates"),
        "title": _("Register %(name)s for dual reporting") % {"name": member.resident.name},
        "hint": _("Serves in %(unit)s; lives in %(community)s.") % {
            "unit": member.unit.name if member.unit_id else "—",
            "community": community.name}},
        status=400 if form.errors else 200)
