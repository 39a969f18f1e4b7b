"""Course pages: the list, a new course, the course page (enrol; staff: sessions with QR
codes, roll call, learners), QR check-in, and study records (own, or a person in scope;
staff see a year's hours per person)."""

from __future__ import annotations

import io

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import DomainError, NotFound

from . import selectors, services
from .models import CourseKind
from .permissions import Action

DT = {"type": "datetime-local"}


class CourseForm(forms.Form):
    community = forms.ModelChoiceField(label=gettext_lazy("Community"), queryset=None)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Type"), choices=CourseKind.choices)
    capacity = forms.IntegerField(label=gettext_lazy("Places"), min_value=1, required=False)
    party_only = forms.BooleanField(label=gettext_lazy("For party members only"),
                                    required=False)
    description = forms.CharField(label=gettext_lazy("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class SessionForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Topic"), max_length=100)
    starts_at = forms.DateTimeField(label=gettext_lazy("Starts at"),
                                    widget=forms.DateTimeInput(attrs=DT))
    ends_at = forms.DateTimeField(label=gettext_lazy("Ends at"),
                                  widget=forms.DateTimeInput(attrs=DT))
    hours = forms.DecimalField(label=gettext_lazy("Study hours"), required=False,
                               max_digits=4, decimal_places=1)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)


def _found(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except NotFound:
        raise Http404() from None


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
    return render(request, "courses/course_list.html", {
        "courses": selectors.course_list(actor=request.user,
                                         kind=request.GET.get("kind", ""))[:200],
        "kinds": CourseKind.choices, "can_manage": request.user.can(Action.MANAGE_COURSES)})


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request):
    user = request.user
    if not user.can(Action.MANAGE_COURSES):
        raise Http404()
    form = CourseForm(request.POST or None,
                      communities=selectors.communities_for(user, Action.MANAGE_COURSES))
    if request.method == "POST" and form.is_valid():
        try:
            row = services.course_create(actor=user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("courses:course-detail", course_id=row.pk)
    return render(request, "courses/form.html", {"form": form, "title": _("New course")})


@login_required
@require_GET
def course_detail(request, course_id):
    user = request.user
    course = _found(selectors.course_get_for_actor, user, course_id)
    manage = user.scope_for(Action.MANAGE_COURSES).covers_path(course.path)
    rows = selectors.sessions(course)
    qrs = {s.pk: _qr(request.build_absolute_uri(reverse("courses:check-in",
                                                        args=[s.checkin_token])))
           for s in rows} if manage else {}
    return render(request, "courses/course_detail.html", {
        "course": course, "manage": manage, "sessions": [(s, qrs.get(s.pk, "")) for s in rows],
        "learners": selectors.enrolments(actor=user, course=course),
        "mine": selectors.my_enrolment(user, course),
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
        messages.error(request, _("Check the session's fields."))
        return redirect(back)
    return _act(request, services.session_add, _("Session added."), back, course=course,
                **form.cleaned_data)


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
    year = int(request.GET.get("year") or timezone.localdate().year)
    return render(request, "courses/study.html", {
        "resident": resident, "record": selectors.study_record(resident, year),
        "is_member": hasattr(resident, "membership")})


@login_required
@require_GET
def study_overview(request):
    user = request.user
    if not user.can(Action.VIEW_COURSES):
        raise Http404()
    year = int(request.GET.get("year") or timezone.localdate().year)
    party = request.GET.get("party") == "1"
    return render(request, "courses/study_overview.html", {
        "rows": selectors.study_hours_by_person(actor=user, year=year, party_only=party)[:300],
        "year": year, "party": party})
