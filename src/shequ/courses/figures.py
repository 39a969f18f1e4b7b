"""The study figures for the dashboard: course attendances in the period (QR or roll call),
scoped through the course policies."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .policies import Action, attendance_policy


def _attendance(actor, place, period):
    qs = attendance_policy.instances_for(actor, Action.VIEW_COURSES).filter(
        **period.moments("session_start"))
    return per_child(qs, place)


def _course_list(place, period):
    url = reverse("courses:course-list")
    return f"{url}?community={place.id}" if place.kind == "community" else url


FIGURES = [
    Figure(key="courses.attendance", label=_("Course attendance"), unit=_("attendances"),
           action=Action.VIEW_COURSES, compute=_attendance, drill_url=_course_list,
           timed=True, group=_("Activities"), order=52),
]
