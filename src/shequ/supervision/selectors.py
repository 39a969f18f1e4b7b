"""Supervision reads: the weekly summary (每周小结) of a community — a section per
supervised subject, the comments dated in the week and the flags still waiting — the
comments on one record, and the stored monthly scores.

The week runs Monday 00:00 to the next Monday 00:00 in the time zone of the site
(Asia/Shanghai); for the current week it ends now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.core.params import id_param
from shequ.territory.models import Area, AreaKind

from . import subjects
from .models import Comment, Score
from .policies import Action, comment_policy, score_policy
from .subjects import WeeklySection


def week_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Monday 00:00 of ``day``'s week and the Monday after, in the current time zone."""
    monday = day - dt.timedelta(days=day.weekday())
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time()))
    return start, start + dt.timedelta(days=7)


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return (timezone.make_aware(dt.datetime.combine(first, dt.time())),
            timezone.make_aware(dt.datetime.combine(nxt, dt.time())))


@dataclass
class Weekly:
    community: Area
    start: dt.datetime
    end: dt.datetime
    sections: list[WeeklySection] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    open_flags: list[Comment] = field(default_factory=list)

    @property
    def week_label(self) -> str:
        last = timezone.localtime(self.end - dt.timedelta(seconds=1)).date()
        return f"{timezone.localtime(self.start).date():%Y-%m-%d} – {last:%Y-%m-%d}"

    @property
    def figures(self) -> list[tuple[object, object]]:
        return [f for s in self.sections for f in s.figures]


def communities(actor) -> QuerySet[Area]:
    """The communities whose summary ``actor`` may read."""
    return Area.objects.for_actor(actor, Action.VIEW_SUPERVISION).filter(
        kind=AreaKind.COMMUNITY).order_by("path")


def community_get(actor, raw_id, *, strict: bool = False) -> Area:
    """The community asked for, or (pages: a bad or foreign id is as if none was given) the
    first the actor may read; NotFound for nobody, and for a foreign id when ``strict``
    (the API)."""
    allowed = communities(actor)
    chosen = allowed.filter(pk=id_param(raw_id) or 0).first() if raw_id else None
    if strict and raw_id and chosen is None:
        raise NotFound(field="community")
    chosen = chosen or allowed.first()
    if chosen is None:
        raise NotFound()
    return chosen


def _with_subjects(comments: list[Comment]) -> list[Comment]:
    """Attach each comment's record link (``subject_url``) — one query per kind."""
    by_kind: dict[str, set[int]] = {}
    for c in comments:
        if c.kind and c.object_id:
            by_kind.setdefault(c.kind, set()).add(c.object_id)
    found = {}
    for kind, ids in by_kind.items():
        subject = subjects.subject(kind)
        if subject is None:
            continue
        for obj in subject.model._default_manager.filter(pk__in=ids):
            found[kind, obj.pk] = (subject, obj)
    for c in comments:
        subject, obj = found.get((c.kind, c.object_id), (None, None))
        c.subject_label = subject.label if subject else ""
        c.subject_url = subject.url(obj) if obj is not None else ""
        c.subject_title = subject.title(obj) if obj is not None else ""
    return comments


def _comments():
    return Comment.objects.select_related("author", "worker", "answered_by")


def weekly(*, actor, community: Area, day: dt.date) -> Weekly:
    """The week containing ``day`` for a community the actor may read (NotFound otherwise):
    each subject's section, the comments dated in the week, the flags still open."""
    if community.kind != AreaKind.COMMUNITY or not comment_policy.can(
            actor, Action.VIEW_SUPERVISION, community):
        raise NotFound()
    start, end = week_bounds(day)
    end = min(end, max(start, timezone.now()))
    w = Weekly(community=community, start=start, end=end)
    for subject in subjects.subjects().values():
        if subject.weekly is not None:
            section = subject.weekly(actor=actor, community=community, start=start, end=end)
            if section is not None:
                w.sections.append(section)
    w.comments = _with_subjects(week_comments(community, start))
    w.open_flags = _with_subjects(list(_comments().filter(
        path=community.path, is_flag=True, answered_at__isnull=True).order_by("created_at", "id")))
    return w


def week_comments(community: Area, start: dt.datetime) -> list[Comment]:
    """The comments dated in the week beginning ``start`` (the caller checked the scope)."""
    first = timezone.localtime(start).date()
    return list(_comments().filter(
        path=community.path, on_date__gte=first, on_date__lt=first + dt.timedelta(days=7)
    ).order_by("on_date", "id"))


def comment_list(*, actor, community: Area | None = None, subject=None) -> QuerySet[Comment]:
    """Comments the actor may read, of a community or on one record."""
    qs = _comments().for_actor(actor, Action.VIEW_SUPERVISION)
    if community is not None:
        qs = qs.filter(path=community.path)
    if subject is not None:
        qs = qs.filter(kind=subjects.kind_of(subject) or "-", object_id=subject.pk)
    return qs.order_by("-on_date", "-id")


def subject_get(actor, kind: str, object_id):
    """A supervised record the actor may see, by kind and id; NotFound otherwise."""
    subject = subjects.subject(kind)
    obj = subject and subject.model._default_manager.filter(pk=id_param(object_id) or 0).first()
    if obj is None or not subject.can_view(actor, obj):
        raise NotFound()
    return obj


def record_panel(actor, obj, *, steps=()) -> dict:
    """What a supervised record's page shows of its supervision: the comments and flags on
    it, whether the reader may comment or answer, where the form posts, and the steps a
    comment may concern (``(value, label)`` pairs; the record's own workflow)."""
    from django.urls import reverse

    kind = subjects.kind_of(obj)
    return {
        "comments": _with_subjects(list(comment_list(actor=actor, subject=obj))),
        "can_comment": comment_policy.can(actor, Action.SUPERVISE, obj),
        "can_answer": comment_policy.can(actor, Action.ANSWER_FLAGS, obj),
        "action": reverse("supervision:subject-comment-new", args=[kind, obj.pk]),
        "steps": list(steps),
    }


def comment_get(actor, comment_id) -> Comment:
    try:
        return comment_policy.instances_for(actor).get(pk=id_param(comment_id) or 0)
    except Comment.DoesNotExist:
        raise NotFound() from None


def score_list(*, actor, kind: str, community: Area, month: dt.date) -> QuerySet[Score]:
    return (Score.objects.for_actor(actor, Action.VIEW_SUPERVISION)
            .filter(kind=kind, community=community, month=month.replace(day=1))
            .select_related("person", "adjusted_by").order_by("person__username"))


def score_get(actor, score_id) -> Score:
    try:
        return (score_policy.instances_for(actor).select_related("person", "community")
                .get(pk=id_param(score_id) or 0))
    except Score.DoesNotExist:
        raise NotFound() from None
