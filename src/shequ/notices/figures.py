"""The notices' figure for the dashboard: notices published in the period, scoped through
the notice policy."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, per_child

from .models import NoticeState
from .policies import Action, notice_policy


def _published(actor, place, period):
    qs = notice_policy.instances_for(actor, Action.VIEW_NOTICES).exclude(
        state=NoticeState.SCHEDULED).filter(**period.moments("publish_at"))
    return per_child(qs, place)


def _sent_list(place, period):
    return reverse("notices:sent-list")


FIGURES = [
    Figure(key="notices.published", label=_("Notices published"), unit=_("notices"),
           action=Action.VIEW_NOTICES, compute=_published, drill_url=_sent_list, timed=True,
           group=_("Notices"), order=80),
]
