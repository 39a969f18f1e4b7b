"""Course pages: the list, a new course, the course page (enrol; staff: sessions with QR
codes, roll call, learners), QR check-in, and study records (own, or a person in scope;
staff see a year's hours per person)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import Forbidden, NotFound
from shequ.core.kit import Column, FormPage, ListPage, act, act_form, qr_svg
from shequ.core.params import ids_param, year_param
from shequ.registry.selectors import resident_of
from shequ.territory.selectors import communities_for

from . import selectors, services
from .forms import CourseFilterForm, CourseForm, SessionForm, yes_no
from .models import CourseKind
from .policies import Action, course_policy


def _detail(course_id) -> str:
    return reverse("courses:course-detail", args=[course_id])


# -- list + download, new, edit: the page kit (docs/architecture.md shows these) --------------
class CourseList(ListPage):
    title = gettext_lazy("Courses")
    columns = [
        Column(gettext_lazy("Title"), "title", link=lambda c: _detail(c.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Class sessions"), "session_count"),
        Column(gettext_lazy("Places"),
               lambda c: f"{c.enrolled}/{c.capacity}" if c.capacity else c.enrolled),
        Column(gettext_lazy("Open for enrolment"), "is_active"),
    ]
    filter_form = CourseFilterForm
    download_name, download_action = "courses", Action.VIEW_COURSES
    row_key, empty_text = "course", gettext_lazy("No courses.")
    template_name = "courses/course_list.html"

    def get_filter_form(self):  # residents get the type links instead (the template)
        staff = course_policy.holds(self.request.user, Action.VIEW_COURSES)
        return super().get_filter_form() if staff else None

    def filter_form_kwargs(self):
        return {"communities": communities_for(self.request.user, Action.VIEW_COURSES)}

    def rows(self, filters):
        return selectors.course_list(
            actor=self.request.user, q=filters.get("q", ""), active=yes_no(filters.get("active")),
            kind=filters.get("kind") or self.request.GET.get("kind", "")[:20],
            area_path=filters["community"].path if filters.get("community") else "")

    def actions(self):
        user = self.request.user
        if course_policy.holds(user, Action.MANAGE_COURSES):
            yield _("New course"), reverse("courses:course-new")
        if course_policy.holds(user, Action.VIEW_COURSES):
            yield _("Study hours"), reverse("courses:study-overview")
        yield _("My study record"), reverse("courses:study-me")

    def context(self):
        return {"kinds": CourseKind.choices, "courses": self.page.rows}


class CourseNew(FormPage):
    form_class, title, action = CourseForm, gettext_lazy("New course"), Action.MANAGE_COURSES
    success_message = gettext_lazy("The course is created. Add its sessions.")

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, self.action)}

    def save(self, obj, data):
        return services.course_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _detail(row.pk)

    def back_url(self, obj):
        return reverse("courses:course-list")


class CourseEdit(FormPage):
    form_class = CourseForm

    def get_object(self):
        course = selectors.course_get_for_actor(self.request.user, self.kwargs["course_id"])
        _manage(self.request.user, course)
        return course

    def initial(self, c):
        return {"title": c.title, "kind": c.kind, "capacity": c.capacity, "is_active": c.is_active,
                "party_only": c.party_only, "description": c.description}

    def save(self, course, data):
        return services.course_update(actor=self.request.user, course=course, **data)

    def success_url(self, row):
        return _detail(row.pk)

    back_url = success_url

    def page_title(self, course):
        return course.title


class SessionEdit(CourseEdit):
    form_class = SessionForm

    def get_object(self):
        course = super().get_object()
        return selectors.session_get(course, self.kwargs["session_id"])

    def initial(self, s):
        return {"title": s.title, "starts_at": _local(s.starts_at), "ends_at": _local(s.ends_at),
                "hours": s.hours, "place": s.place}

    def save(self, session, data):
        return services.session_update(actor=self.request.user, session=session, **data)

    def success_url(self, session):
        return _detail(session.course_id)

    back_url = success_url

    def page_title(self, session):
        return f"{session.course.title} · {session.title}"


# -- the course page and its actions -----------------------------------------------------------
def _manage(user, course) -> None:
    """Staff who may see the course but not run it get a 403, others a 404."""
    if not course_policy.can(user, Action.MANAGE_COURSES, course):
        if course_policy.can(user, Action.VIEW_COURSES, course):
            raise Forbidden()
        raise NotFound()


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


@login_required
@require_GET
def course_detail(request, course_id):
    user = request.user
    course = selectors.course_get_for_actor(user, course_id)
    manage = course_policy.can(user, Action.MANAGE_COURSES, course)
    rows = selectors.sessions(course)
    qrs = {s.pk: qr_svg(request.build_absolute_uri(reverse("courses:check-in",
                                                        args=[s.checkin_token])), scale=4)
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
    course = selectors.course_get_for_actor(request.user, course_id)
    return act(request, services.enrol, _("Enrolled."),
                reverse("courses:course-detail", args=[course.pk]), course=course)


@login_required
@require_POST
def session_new(request, course_id):
    course = selectors.course_get_for_actor(request.user, course_id)
    return act_form(request, SessionForm(request.POST), services.session_add, _("Session added."),
                    _detail(course.pk), course=course)


@login_required
@require_POST
def learner_enrol(request, course_id):
    """Staff enrol a resident of the course's community (e.g. party school members)."""
    user = request.user
    course = selectors.course_get_for_actor(user, course_id)
    _manage(user, course)
    resident = selectors.enrol_resident_get(actor=user, course=course,
                                             resident_id=request.POST.get("resident"))
    return act(request, services.enrol, _("%(name)s is enrolled.") % {"name": resident.name},
                reverse("courses:course-detail", args=[course.pk]), course=course,
                resident=resident)


@login_required
@require_POST
def learner_withdraw(request, course_id, enrolment_id):
    user = request.user
    course = selectors.course_get_for_actor(user, course_id)
    _manage(user, course)
    row = selectors.enrolment_get(actor=user, course=course, enrolment_id=enrolment_id)
    return act(request, services.withdraw, _("Withdrawn from the course."),
                reverse("courses:course-detail", args=[course.pk]), enrolment=row)


@login_required
@require_GET
def learners_export(request, course_id):
    """The learners of a course with the sessions and hours each attended."""
    user = request.user
    course = selectors.course_get_for_actor(user, course_id)
    if not course_policy.can(user, Action.VIEW_COURSES, course):
        raise NotFound()
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
    course = selectors.course_get_for_actor(request.user, course_id)
    session = selectors.session_get(course, session_id)
    ids = ids_param(request.POST.getlist("present"))
    return act(request, services.roll_call, _("Attendance saved."),
                reverse("courses:course-detail", args=[course.pk]), session=session,
                resident_ids=ids)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    session = selectors.session_for_token(token)
    if request.method == "POST":
        return act(request, services.session_check_in, _("Checked in."),
                    reverse("courses:study-me"), token=token)
    return render(request, "courses/check_in.html", {"session": session})


@login_required
@require_GET
def study(request, resident_id=None):
    user = request.user
    resident = selectors.study_resident(user, resident_id)
    year = year_param(request.GET.get("year"))
    return render(request, "courses/study.html", {
        "resident": resident, "record": selectors.study_record(resident, year),
        "is_member": hasattr(resident, "membership")})


@login_required
@require_GET
def study_overview(request):
    user = request.user
    if not course_policy.holds(user, Action.VIEW_COURSES):
        raise NotFound()
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
