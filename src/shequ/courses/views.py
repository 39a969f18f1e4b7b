"""Course pages: the list, a new course, the course page (enrol; staff: sessions with QR
codes, roll call, learners), QR check-in, and study records (own, or a person in scope;
staff see a year's hours per person)."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.freetext import form_refusal
from shequ.core.params import year_param
from shequ.registry.selectors import resident_of
from shequ.territory import selectors as territory_selectors

from . import selectors, services
from .forms import CourseFilterForm, CourseForm, SessionForm, yes_no
from .models import CourseKind
from .policies import Action, course_policy

PAGE = 30

def _found(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except NotFound:
        raise Http404() from None


def _save(form, fn, **kwargs):
    """Run one service for a valid form; a refusal becomes a form error (None returned)."""
    try:
        return fn(**kwargs)
    except NotFound:
        raise Http404() from None
    except Forbidden:
        raise PermissionDenied() from None
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def _manage(user, course) -> None:
    """Staff who may see the course but not run it get a 403, others a 404."""
    if not course_policy.can(user, Action.MANAGE_COURSES, course):
        if course_policy.can(user, Action.VIEW_COURSES, course):
            raise PermissionDenied()
        raise Http404()



def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _act(request, fn, success, back, **kwargs):
    try:
        fn(actor=request.user, **kwargs)
    except NotFound:
        raise Http404() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(back)


def _qr(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, border=2, xmldecl=False)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup


@login_required
@require_GET
def course_list(request):
    user = request.user
    staff = course_policy.holds(user, Action.VIEW_COURSES)
    communities = territory_selectors.communities_for(user, Action.VIEW_COURSES)
    form = CourseFilterForm(request.GET or None, communities=communities)
    d = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.course_list(
        actor=user, kind=d.get("kind") or request.GET.get("kind", "")[:20], q=d.get("q", ""),
        area_path=d["community"].path if d.get("community") else "",
        active=yes_no(d.get("active", "")))
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "courses/course_list.html", {
        "courses": page.object_list, "page": page, "query": query.urlencode(),
        "form": form if staff else None, "kinds": CourseKind.choices,
        "can_manage": course_policy.holds(user, Action.MANAGE_COURSES)})


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request):
    user = request.user
    if not course_policy.holds(user, Action.MANAGE_COURSES):
        raise Http404()
    form = CourseForm(request.POST or None,
                      communities=territory_selectors.communities_for(user, Action.MANAGE_COURSES))
    if request.method == "POST" and form.is_valid():
        row = _save(form, services.course_create, actor=user, **form.cleaned_data)
        if row is not None:
            messages.success(request, _("The course is created. Add its sessions."))
            return redirect("courses:course-detail", course_id=row.pk)
    return render(request, "courses/form.html", {
        "form": form, "title": _("New course"), "back": reverse("courses:course-list")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request, course_id):
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    _manage(user, course)
    form = CourseForm(request.POST or None, initial={
        "title": course.title, "kind": course.kind, "capacity": course.capacity,
        "party_only": course.party_only, "description": course.description,
        "is_active": course.is_active})
    if request.method == "POST" and form.is_valid():
        if _save(form, services.course_update, actor=user, course=course, **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("courses:course-detail", course_id=course.pk)
    return render(request, "courses/form.html", {
        "form": form, "title": course.title,
        "back": reverse("courses:course-detail", args=[course.pk])},
        status=400 if form.errors else 200)


@login_required
@require_GET
def course_detail(request, course_id):
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    manage = course_policy.can(user, Action.MANAGE_COURSES, course)
    rows = selectors.sessions(course)
    qrs = {s.pk: _qr(request.build_absolute_uri(reverse("courses:check-in",
                                                        args=[s.checkin_token])))
           for s in rows} if manage else {}
    return render(request, "courses/course_detail.html", {
        "course": course, "manage": manage, "sessions": [(s, qrs.get(s.pk, "")) for s in rows],
        "learners": selectors.enrolments(actor=user, course=course),
        "mine": selectors.my_enrolment(user, course), "q": request.GET.get("q", "")[:40],
        "is_resident": resident_of(user) is not None,
        "candidates": selectors.enrol_candidates(actor=user, course=course,
                                                 q=request.GET.get("q", "")[:40])
        if manage else [],
        "session_form": SessionForm() if manage else None})


@login_required
@require_POST
def course_enrol(request, course_id):
    course = _found(selectors.course_get_for_actor, request.user, course_id)
    return _act(request, services.enrol, _("Enrolled."),
                reverse("courses:course-detail", args=[course.pk]), course=course)


@login_required
@require_POST
def session_new(request, course_id):
    course = _found(selectors.course_get_for_actor, request.user, course_id)
    form = SessionForm(request.POST)
    back = reverse("courses:course-detail", args=[course.pk])
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(back)
    return _act(request, services.session_add, _("Session added."), back, course=course,
                **form.cleaned_data)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, course_id, session_id):
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    _manage(user, course)
    session = _found(selectors.session_get, course, session_id)
    form = SessionForm(request.POST or None, initial={
        "title": session.title, "starts_at": _local(session.starts_at),
        "ends_at": _local(session.ends_at), "hours": session.hours, "place": session.place})
    if request.method == "POST" and form.is_valid():
        if _save(form, services.session_update, actor=user, session=session,
                 **form.cleaned_data):
            messages.success(request, _("Saved."))
            return redirect("courses:course-detail", course_id=course.pk)
    return render(request, "courses/form.html", {
        "form": form, "title": f"{course.title} · {session.title}",
        "back": reverse("courses:course-detail", args=[course.pk])},
        status=400 if form.errors else 200)


@login_required
@require_POST
def learner_enrol(request, course_id):
    """Staff enrol a resident of the course's community (e.g. party school members)."""
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    _manage(user, course)
    resident = _found(selectors.enrol_resident_get, actor=user, course=course,
                      resident_id=request.POST.get("resident"))
    return _act(request, services.enrol, _("%(name)s is enrolled.") % {"name": resident.name},
                reverse("courses:course-detail", args=[course.pk]), course=course,
                resident=resident)


@login_required
@require_POST
def learner_withdraw(request, course_id, enrolment_id):
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    _manage(user, course)
    row = _found(selectors.enrolment_get, actor=user, course=course, enrolment_id=enrolment_id)
    return _act(request, services.withdraw, _("Withdrawn from the course."),
                reverse("courses:course-detail", args=[course.pk]), enrolment=row)


@login_required
@require_GET
def learners_export(request, course_id):
    """The learners of a course with the sessions and hours each attended."""
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    if not course_policy.can(user, Action.VIEW_COURSES, course):
        raise Http404()
    fmt = request.GET.get("format") if request.GET.get("format") in exports.FORMATS else "xlsx"
    return exports.table(
        actor=request.user, name=f"course-{course.pk}-learners", fmt=fmt,
        header=[_("Name"), _("Enrolled on"), _("Sessions attended"), _("Study hours")],
        rows=([e.resident.name, f"{timezone.localtime(e.enrolled_at):%Y-%m-%d}",
               e.attended or 0, float(e.studied or 0)]
              for e in selectors.enrolments(actor=user, course=course)))


@login_required
@require_POST
def session_roll_call(request, course_id, session_id):
    course = _found(selectors.course_get_for_actor, request.user, course_id)
    session = _found(selectors.session_get, course, session_id)
    ids = [int(i) for i in request.POST.getlist("present") if i.isdigit()]
    return _act(request, services.roll_call, _("Attendance saved."),
                reverse("courses:course-detail", args=[course.pk]), session=session,
                resident_ids=ids)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    session = _found(selectors.session_for_token, token)
    if request.method == "POST":
        return _act(request, services.session_check_in, _("Checked in."),
                    reverse("courses:study-me"), token=token)
    return render(request, "courses/check_in.html", {"session": session})


@login_required
@require_GET
def study(request, resident_id=None):
    user = request.user
    resident = _found(selectors.study_resident, user, resident_id)
    year = year_param(request.GET.get("year"))
    return render(request, "courses/study.html", {
        "resident": resident, "record": selectors.study_record(resident, year),
        "is_member": hasattr(resident, "membership")})


@login_required
@require_GET
def study_overview(request):
    user = request.user
    if not course_policy.holds(user, Action.VIEW_COURSES):
        raise Http404()
    year = year_param(request.GET.get("year"))
    party = request.GET.get("party") == "1"
    rows = selectors.study_hours_by_person(actor=user, year=year, party_only=party)
    fmt = request.GET.get("format")
    if fmt in exports.FORMATS:
        return exports.table(
            actor=request.user, name=f"study-hours-{year}", fmt=fmt,
            header=[_("Name"), _("Class sessions"), _("Study hours")],
            rows=([r["resident__name"], r["sessions"], float(r["hours"])] for r in rows))
    return render(request, "courses/study_overview.html", {
        "rows": rows[:300], "year": year, "party": party})
