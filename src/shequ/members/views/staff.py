"""Staff pages of 双报到 beyond the overview: the service posts a community defines (list,
new, edit), the register of members' registrations (filters, pages, CSV/Excel, ending
a registration with a reason), and registering a member on their behalf."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import DomainError, NotFound
from shequ.core.freetext import form_refusal
from shequ.core.kit import Column, ListPage, need, save_form
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


def _page(request, qs) -> dict:
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return {"page": page, "rows": page.object_list, "query": query.urlencode()}


class PostList(ListPage):
    """The service posts in scope; managers open a post to edit it."""

    title, action = gettext_lazy("Service posts"), Action.VIEW_DUAL
    filter_form, row_key = PostFilterForm, "post"
    empty_text = gettext_lazy("No posts yet.")
    template_name = "members/post_list.html"

    def get_columns(self):
        manage = post_policy.holds(self.request.user, Action.MANAGE_DUAL)
        return [
            Column(_("Post name"), "name",
                   link=(lambda p: reverse("members:post-edit", args=[p.pk])) if manage else None),
            Column(_("Community"), "community.name"),
            Column(_("Places"), lambda p: f"{p.serving}/{p.capacity}" if p.capacity
                   else _("%(n)s serving") % {"n": p.serving}),
            Column(_("Offered to members"), lambda p: "" if p.is_active else _("withdrawn")),
            Column(_("Description"), "description"),
        ]

    def filter_form_kwargs(self):
        return {"communities": territory_selectors.communities_for(self.request.user,
                                                                   Action.VIEW_DUAL)}

    def rows(self, d):
        filters = selectors.PostFilters(
            q=d.get("q", ""), active=yes_no(d.get("active", "")),
            area_path=d["community"].path if d.get("community") else "")
        return selectors.post_list_for_actor(self.request.user, filters)

    def actions(self):
        if post_policy.holds(self.request.user, Action.MANAGE_DUAL):
            yield _("New service post"), reverse("members:post-new")


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request):
    user = request.user
    need(user, Action.MANAGE_DUAL)
    form = PostForm(request.POST or None,
                    communities=territory_selectors.communities_for(user, Action.MANAGE_DUAL))
    if request.method == "POST" and form.is_valid():
        row = save_form(form, services.post_create, actor=user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("The post “%(name)s” is added.") % {"name": row.name})
            return redirect("members:post-list")
    return render(request, "core/kit/form.html", {
        "form": form, "title": _("New service post"), "back": reverse("members:post-list")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, post_id):
    user = request.user
    need(user, Action.VIEW_DUAL)
    post = selectors.post_get_for_actor(user, post_id)
    if not post_policy.can(user, Action.MANAGE_DUAL, post):
        raise PermissionDenied()
    form = PostForm(request.POST or None, initial={
        "name": post.name, "description": post.description, "capacity": post.capacity,
        "is_active": post.is_active})
    if request.method == "POST" and form.is_valid():
        if save_form(form, services.post_update, actor=user, post=post, **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("members:post-list")
    return render(request, "core/kit/form.html", {
        "form": form, "title": post.name, "back": reverse("members:post-list"),
        "hint": _("%(n)d members serve this post now.") % {"n": post.serving}},
        status=400 if form.errors else 200)


@login_required
@require_GET
def registration_list(request):
    user = request.user
    need(user, Action.VIEW_DUAL)
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
    need(user, Action.MANAGE_DUAL)
    row = selectors.registration_get_for_actor(user, registration_id)
    form = EndForm(request.POST)
    back = reverse("members:registration-list")
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    try:
        services.dual_end(actor=user, registration=row, reason=form.cleaned_data["reason"])
    except NotFound:
        raise  # answered by core.middleware.DomainErrorMiddleware
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
    need(user, Action.MANAGE_DUAL)
    q = request.GET.get("q", "")[:40]
    return render(request, "members/registration_new.html", {
        "q": q, "candidates": selectors.registration_candidates(actor=user, q=q, limit=50)})


@login_required
@require_http_methods(["GET", "POST"])
def registration_new(request, member_id):
    """Register one member for 双报到 with their home community, choosing their posts."""
    user = request.user
    need(user, Action.MANAGE_DUAL)
    member = selectors.member_get_for_actor(user, member_id)
    community = selectors.home_community(member)
    if community is None:
        raise NotFound()
    form = StaffRegisterForm(request.POST if request.method == "POST" else None,
                             posts=selectors.post_list(community=community))
    if request.method == "POST" and form.is_valid():
        row = save_form(form, services.dual_register, actor=user, member=member,
                    community=community, posts=list(form.cleaned_data["posts"]))
        if row is not None:
            messages.success(request, _("%(name)s is registered with %(community)s.")
                             % {"name": member.resident.name, "community": community.name})
            return redirect("members:registration-list")
    return render(request, "core/kit/form.html", {
        "form": form, "back": reverse("members:registration-candidates"),
        "title": _("Register %(name)s for dual reporting") % {"name": member.resident.name},
        "hint": _("Serves in %(unit)s; lives in %(community)s.") % {
            "unit": member.unit.name if member.unit_id else "—",
            "community": community.name}},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def unit_liaisons(request, unit_id):
    """A unit's liaison accounts: link one by username, unlink one (staff of the unit's
    area). Refusals come back as a message; the page lists who is linked now."""
    user = request.user
    need(user, Action.MANAGE_DUAL)
    unit = selectors.unit_staff_get_for_actor(user, unit_id)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "unlink":
                account = selectors.liaison_user_get(unit, request.POST.get("user_id"))
                services.unit_liaison_unlink(actor=user, user=account, unit=unit)
            else:
                account = selectors.liaison_candidate_get(user, request.POST.get("username", ""))
                services.unit_liaison_link(actor=user, user=account, unit=unit)
            messages.success(request, _("Saved."))
        except NotFound:
            messages.error(request, _("No such account in your area."))
        except DomainError as exc:
            if exc.status == 403:
                raise
            messages.error(request, exc.message)
        return redirect("members:unit-liaisons", unit_id=unit.pk)
    return render(request, "members/unit_liaisons.html", {
        "unit": unit, "liaisons": selectors.liaison_users(unit)})
