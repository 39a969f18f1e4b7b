"""双报到 pages: the member's phone page (register, posts, log service), the staff overview
(registrations, logs to confirm, posts), the unit report with the not-reported list and a
CSV download (staff in scope or the unit's liaison), and the 区域兜底 list."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import NotFound
from shequ.core.kit import act, act_form
from shequ.core.params import id_param

from .. import selectors, services
from ..forms import FallbackForm, LogForm
from ..policies import Action, member_of, registration_policy


@login_required
@require_http_methods(["GET", "POST"])
def me(request):
    user = request.user
    member = member_of(user)
    registration = selectors.my_registration(user)
    community = selectors.home_community(member) if member else None
    posts = selectors.post_list(community=community) if community else []
    back = reverse("members:me")
    if request.method == "POST" and member is not None:
        chosen = [p for p in posts if str(p.pk) in request.POST.getlist("posts")]
        what = request.POST.get("what")
        if what == "register":
            return act(request, services.dual_register, _("Registered with your community."),
                        back, member=member, community=community, posts=chosen)
        if what == "posts" and registration:
            return act(request, services.dual_posts_set, _("Saved."), back,
                        registration=registration, posts=chosen)
        if what == "log" and registration:
            return act_form(request, LogForm(request.POST, posts=registration.posts.all()),
                            services.service_log_create,
                            _("Logged; the community will confirm it."), back,
                            registration=registration)
        return redirect(back)
    return render(request, "members/me.html", {
        "member": member, "registration": registration, "community": community,
        "posts": posts, "chosen": {p.pk for p in registration.posts.all()} if registration else set(),
        "logs": selectors.my_logs(user),
        "log_form": LogForm(posts=registration.posts.all(),
                            initial={"served_on": timezone.localdate()})
        if registration else None})


@login_required
@require_GET
def overview(request):
    user = request.user
    if not registration_policy.holds(user, Action.VIEW_DUAL):
        raise NotFound()
    manage = registration_policy.holds(user, Action.MANAGE_DUAL)
    return render(request, "members/overview.html", {
        "registrations": selectors.registration_list(actor=user)[:20],
        "registered": selectors.registration_list(actor=user).count(),
        "logs": selectors.log_queue(actor=user)[:100] if manage else [],
        "posts": selectors.post_list_for_actor(user, selectors.PostFilters(active=True))[:100],
        "units": selectors.units_for_actor(user)[:300],
        "can_manage": manage})


@login_required
@require_POST
def log_decide(request, log_id):
    row = selectors.log_get_for_actor(request.user, log_id)
    confirm = request.POST.get("decision") == "confirm"
    return act(request, services.service_log_decide,
                _("Confirmed; points awarded.") if confirm else _("Rejected."),
                reverse("members:overview"), log=row, confirm=confirm)


@login_required
@require_GET
def unit_list(request):
    """The units whose reports the user may read (a liaison's own units, or staff scope),
    with the saved monthly reports."""
    return render(request, "members/unit_list.html", {
        "units": selectors.units_for_actor(request.user)[:300],
        "reports": selectors.saved_reports(request.user)[:100]})


def _period(request) -> tuple[dt.date, dt.date]:
    raw = request.GET.get("month", "")
    try:
        first = dt.date.fromisoformat(raw + "-01") if raw else None
    except ValueError:
        first = None
    if first is None:
        today = timezone.localdate()
        first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first, last


@login_required
@require_GET
def unit_report(request, unit_id):
    start, end = _period(request)
    unit, rows = selectors.unit_report(request.user, unit_id=unit_id, start=start, end=end)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table(
            actor=request.user, name=f"dual-report-{unit.pk}-{start:%Y-%m}", fmt=fmt,
            header=[_("Name"), _("Organisation"), _("Registered with"), _("Posts"),
                    _("Hours")],
            rows=([r["name"], r["org"], r["community"], "、".join(r["posts"]), r["hours"]]
                  for r in rows))
    return render(request, "members/unit_report.html", {
        "unit": unit, "rows": rows, "missing": selectors.not_reported(rows),
        "start": start, "end": end, "month": start.strftime("%Y-%m")})


@login_required
@require_http_methods(["GET", "POST"])
def fallback(request):
    from shequ.registry.selectors import party_member_list
    user = request.user
    if not (registration_policy.holds(user, Action.MANAGE_FALLBACK)
            or registration_policy.holds(user, Action.VIEW_DUAL)):
        raise NotFound()
    back = reverse("members:fallback")
    if request.method == "POST":
        member = party_member_list(actor=user).filter(pk=id_param(request.POST.get("member")) or 0).first()
        org = selectors.fallback_orgs(user).filter(pk=id_param(request.POST.get("org")) or 0).first()
        if member is None or org is None:
            raise NotFound()
        return act_form(request, FallbackForm(request.POST), services.fallback_attach,
                        _("Attached."), back, member=member, org=org)
    q = request.GET.get("q", "")[:40]
    can_attach = registration_policy.holds(user, Action.MANAGE_FALLBACK)
    return render(request, "members/fallback.html", {
        "members": selectors.fallback_members(actor=user)[:300],
        "orgs": selectors.fallback_orgs(user) if can_attach else [], "q": q,
        "reason_hint": FallbackForm().fields["reason"].help_text,
        "candidates": selectors.fallback_candidates(actor=user, q=q) if can_attach else []})
