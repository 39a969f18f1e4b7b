"""Reads of activities and selections. Staff read their scope; a resident reads the
activities and selections of the community they live in, and their own sign-ups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.registry.selectors import resident_of
from shequ.territory.selectors import community_path

from .models import (
    Activity,
    ActivityState,
    Nomination,
    NominationState,
    Selection,
    SelectionState,
    Signup,
    SignupRole,
    SignupState,
    Vote,
)
from .policies import Action, activity_policy, selection_policy


def _visible(actor, model) -> QuerySet:
    qs = model.objects.for_actor(actor, Action.VIEW_CAMPAIGNS)
    resident = resident_of(actor)
    if resident is not None:
        qs = qs | model.objects.filter(path=community_path(resident.path))
    return qs


def _counted(qs):
    return qs.annotate(
        confirmed=Count("signups", filter=Q(signups__state=SignupState.CONFIRMED,
                                            signups__role=SignupRole.PARTICIPANT)),
        waiting=Count("signups", filter=Q(signups__state=SignupState.WAITING)),
        volunteers=Count("signups", filter=Q(signups__state=SignupState.CONFIRMED,
                                             signups__role=SignupRole.VOLUNTEER)))


@dataclass
class ActivityFilters:
    q: str = ""
    kind: str = ""
    state: str = ""
    area_path: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


def activity_list(*, actor, upcoming: bool = False,
                  filters: ActivityFilters | None = None) -> QuerySet[Activity]:
    """Activities the actor may see (staff scope, or their own community), with their
    sign-up counts; upcoming ones soonest first, otherwise newest first."""
    qs = _visible(actor, Activity)
    if upcoming:
        qs = qs.filter(ends_at__gte=timezone.now(), state=ActivityState.PUBLISHED)
    f = filters or ActivityFilters()
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q.strip()) | Q(place__icontains=f.q.strip()))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.area_path:
        qs = qs.filter(path__gte=f.area_path, path__lt=f.area_path + "~")
    tz = timezone.get_current_timezone()
    if f.since:
        qs = qs.filter(starts_at__gte=dt.datetime.combine(f.since, dt.time.min, tzinfo=tz))
    if f.until:
        qs = qs.filter(starts_at__lt=dt.datetime.combine(f.until + dt.timedelta(days=1),
                                                         dt.time.min, tzinfo=tz))
    order = ("starts_at", "id") if upcoming else ("-starts_at", "-id")
    return _counted(qs).annotate(
        attended=Count("signups", filter=Q(signups__attended=True))).select_related(
        "community").order_by(*order)


def activity_get_for_actor(actor, activity_id) -> Activity:
    row = _counted(_visible(actor, Activity).filter(pk=activity_id)).select_related(
        "community").first()
    if row is None:
        raise NotFound()
    return row


def activity_for_token(token: str) -> Activity:
    row = Activity.objects.filter(checkin_token=token).first()
    if row is None:
        raise NotFound()
    return row


def photo_get_for_actor(actor, photo_id):
    from .models import ActivityPhoto
    row = ActivityPhoto.objects.filter(pk=photo_id).first()
    if row is None:
        raise NotFound()
    activity_get_for_actor(actor, row.activity_id)
    return row


def signup_list(*, actor, activity: Activity) -> QuerySet[Signup]:
    """Sign-ups of an activity for staff in scope (waiting list in order)."""
    if not activity_policy.can(actor, Action.VIEW_CAMPAIGNS, activity):
        return Signup.objects.none()
    return (Signup.objects.filter(activity=activity).exclude(state=SignupState.CANCELLED)
            .select_related("resident").order_by("role", "state", "created_at", "id"))


def my_signup(actor, activity: Activity) -> Signup | None:
    resident = resident_of(actor)
    if resident is None:
        return None
    return Signup.objects.filter(activity=activity, resident=resident).exclude(
        state=SignupState.CANCELLED).first()


def signup_get_for_actor(actor, signup_id) -> Signup:
    row = Signup.objects.select_related("activity", "resident").filter(pk=signup_id).first()
    if row is None:
        raise NotFound()
    if row.resident.user_id == actor.pk or activity_policy.can(
            actor, Action.VIEW_CAMPAIGNS, row.activity):
        return row
    raise NotFound()


def selection_list(*, actor, kind: str = "", state: str = "", area_path: str = ""
                   ) -> QuerySet[Selection]:
    qs = _visible(actor, Selection)
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    if area_path:
        qs = qs.filter(path__gte=area_path, path__lt=area_path + "~")
    return qs.select_related("community").order_by("-created_at", "-id")


def selection_get_for_actor(actor, selection_id) -> Selection:
    row = _visible(actor, Selection).filter(pk=selection_id).select_related("community").first()
    if row is None:
        raise NotFound()
    return row


def nominations(*, actor, selection: Selection) -> list[Nomination]:
    """Staff see every nomination; residents see the candidates (accepted ones)."""
    qs = selection.nominations.all()
    if not selection_policy.can(actor, Action.VIEW_CAMPAIGNS, selection):
        qs = qs.filter(state=NominationState.ACCEPTED)
    return list(qs.order_by("rank", "id") if selection.state == SelectionState.PUBLISHED
                else qs.order_by("id"))


def nomination_get(selection: Selection, nomination_id) -> Nomination:
    row = selection.nominations.filter(pk=nomination_id).first()
    if row is None:
        raise NotFound()
    return row


@dataclass
class Results:
    visible: bool
    total: int
    rows: list[tuple[Nomination, int]]


def results(actor, selection: Selection) -> Results:
    """Vote counts per candidate — hidden from everyone while the window is open if the
    selection says so (only the number of votes cast shows then)."""
    total = Vote.objects.filter(selection=selection).count()
    closed = (selection.state == SelectionState.PUBLISHED or (
        selection.vote_closes_at is not None and timezone.now() >= selection.vote_closes_at))
    if selection.hide_results and not closed:
        return Results(visible=False, total=total, rows=[])
    counts = dict(Vote.objects.filter(selection=selection).values("nomination_id")
                  .annotate(n=Count("id")).values_list("nomination_id", "n"))
    cands = selection.nominations.filter(state=NominationState.ACCEPTED)
    rows = sorted(((n, counts.get(n.pk, 0)) for n in cands), key=lambda r: (-r[1], r[0].pk))
    return Results(visible=True, total=total, rows=rows)


def my_votes(actor, selection: Selection) -> set[int]:
    resident = resident_of(actor)
    if resident is None:
        return set()
    return set(Vote.objects.filter(selection=selection, voter=resident).values_list(
        "nomination_id", flat=True))
