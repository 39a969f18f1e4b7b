"""Scoped reads of commitments (承诺→践诺→述诺→评诺), their progress per person, per
organisation and per unit, the overdue ones the set-up checklist lists, and the evidence a
community reads beside its opinion of a unit (双报到 record, shared resources' use).
Re-exported by ``selectors``."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.core.scoping import Scope
from shequ.members import selectors as member_selectors
from shequ.organizations.models import PartTimeMember
from shequ.registry.selectors import resident_of
from shequ.resources import selectors as resource_selectors
from shequ.territory.selectors import community_of

from .models import Commitment, CommitmentAction, CommitmentRating, CommitmentState
from .policies import Action, commitment_policy, liaison_unit_ids

__all__ = ["commitment_list", "commitment_get_for_actor", "my_commitments",
           "community_commitments", "commitment_progress", "overdue_commitments",
           "unit_evidence", "PROGRESS_GROUPS", "part_timers_of", "part_timer_get", "has_rated",
           "commitment_actions", "commitment_rating_summary", "action_get_for_actor"]


def _annotated(qs: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return qs.select_related("community", "unit", "org").annotate(
        action_count=Count("actions", distinct=True),
        rating_mean=Avg("ratings__score"), rating_count=Count("ratings", distinct=True))


def commitment_list(*, actor, state: str = "", overdue: bool | None = None, q: str = "",
                    area_path: str = "") -> QuerySet[Commitment]:
    """Commitments in the actor's scope (staff), newest period first."""
    qs = commitment_policy.instances_for(actor)
    if state:
        qs = qs.filter(state=state)
    if overdue is not None:
        late = Q(state=CommitmentState.PUBLISHED, period_end__lt=timezone.localdate())
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if q:
        qs = qs.filter(Q(person__startswith=q[:40]) | Q(title__startswith=q[:100]))
    if area_path:
        qs = qs.filter(Scope.of([area_path]).path_q())
    return _annotated(qs).order_by("-period_end", "-id")


def commitment_get_for_actor(actor, commitment_id) -> Commitment:
    """One commitment the actor may see (staff in scope, its keeper, a resident of its
    community); NotFound else."""
    try:
        row = Commitment.objects.select_related("community", "unit", "org").get(
            pk=int(commitment_id))
    except (Commitment.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    commitment_policy.require(actor, Action.VIEW_EVALUATIONS, row)
    return row


def my_commitments(actor) -> QuerySet[Commitment]:
    """The commitments the actor keeps."""
    return _annotated(Commitment.objects.filter(user_id=getattr(actor, "pk", None))).order_by(
        "-period_end", "-id")


def community_commitments(actor) -> QuerySet[Commitment]:
    """The reported commitments of the community the actor lives in, for 评诺, with
    whether the actor has rated each (``mine``)."""
    resident = resident_of(actor)
    if resident is None:
        return Commitment.objects.none()
    community = community_of(resident.path)
    if community is None:
        return Commitment.objects.none()
    return (_annotated(Commitment.objects.filter(path=community.path,
                                                 state=CommitmentState.REPORTED))
            .annotate(mine=Count("ratings", filter=Q(ratings__rater=actor)))
            .order_by("-reported_at", "-id"))


PROGRESS_GROUPS = {
    "person": ("user_id", "person"),
    "org": ("org_id", "org__name"),
    "unit": ("unit_id", "unit__name"),
}


def commitment_progress(*, actor, by: str = "person", area_path: str = "") -> QuerySet:
    """Progress grouped by person, party organisation or unit: commitments, reported,
    overdue, mean progress % and mean rating — one GROUP BY."""
    key, name = PROGRESS_GROUPS.get(by, PROGRESS_GROUPS["person"])
    qs = commitment_policy.instances_for(actor)
    if area_path:
        qs = qs.filter(Scope.of([area_path]).path_q())
    if by != "person":
        qs = qs.exclude(**{key: None})
    today = timezone.localdate()
    return (qs.values(key, name).annotate(
        total=Count("id", distinct=True),
        reported=Count("id", filter=Q(state=CommitmentState.REPORTED), distinct=True),
        overdue=Count("id", filter=Q(state=CommitmentState.PUBLISHED, period_end__lt=today),
                      distinct=True),
        progress=Avg("progress"), rating=Avg("ratings__score"))
        .order_by(name, key))


def overdue_commitments(actor, area) -> QuerySet[Commitment]:
    """Published commitments whose period has ended without a report (述诺), under
    ``area`` and in the actor's scope: an item of the set-up checklist."""
    return (commitment_policy.instances_for(actor)
            .filter(Scope.of([area.path]).path_q(), state=CommitmentState.PUBLISHED,
                    period_end__lt=timezone.localdate())
            .select_related("community"))


def unit_evidence(actor, unit, start: dt.date, end: dt.date) -> dict:
    """What a community reads beside its rating of a unit, for the period: the unit's
    双报到 record (members, registered, confirmed hours, posts filled, members who never
    reported — names only) and the use of the resources it shares. The caller has already
    checked the actor may rate the unit."""
    rows = member_selectors.unit_rows(unit, start, end)
    missing = member_selectors.not_reported(rows)
    resources = resource_selectors.resource_list(actor=actor).filter(owner_unit=unit)
    use = resource_selectors.utilisation_by_resource(resources, start, end)
    return {
        "members": len(rows),
        "registered": sum(1 for r in rows if r["registered"]),
        "hours": round(sum(r["hours"] for r in rows), 1),
        "posts": len({p for r in rows for p in r["posts"]}),
        "members_with_posts": sum(1 for r in rows if r["posts"]),
        "not_reported": [r["name"] for r in missing if not r["registered"]],
        "no_hours": [r["name"] for r in missing if r["registered"]],
        "resources": use,
        "resource_hours": {"offered": round(sum(r.offered for r in use), 1),
                           "booked": round(sum(r.booked for r in use), 1),
                           "used": round(sum(r.used for r in use), 1)},
    }


def part_timers_of(unit_ids) -> QuerySet[PartTimeMember]:
    """The part-time committee members (兼职委员) of the given units: for whom a liaison
    may publish commitments."""
    return (PartTimeMember.objects.filter(unit_id__in=unit_ids)
            .select_related("committee", "unit").order_by("name", "id"))


def part_timer_get(actor, part_timer_id) -> PartTimeMember:
    """A part-time member of one of the actor's liaison units; NotFound (field
    ``part_timer``) else."""
    row = part_timers_of(liaison_unit_ids(actor)).filter(pk=part_timer_id).first()
    if row is None:
        raise NotFound(field="part_timer")
    return row


def has_rated(actor, commitment: Commitment) -> bool:
    return CommitmentRating.objects.filter(commitment=commitment,
                                           rater_id=getattr(actor, "pk", None)).exists()


def commitment_actions(commitment: Commitment) -> list[CommitmentAction]:
    """A commitment its reader may see: its actions, latest first."""
    return list(commitment.actions.order_by("-done_on", "-id"))


def commitment_rating_summary(commitment: Commitment) -> dict:
    """Mean and count of the ratings, residents' and the committee's apart (one query)."""
    return commitment.ratings.aggregate(
        mean=Avg("score"), count=Count("id"),
        residents=Avg("score", filter=Q(by_committee=False)),
        committee=Avg("score", filter=Q(by_committee=True)))


def action_get_for_actor(actor, action_id) -> CommitmentAction:
    """An action whose commitment the actor may see (its evidence file); NotFound else."""
    try:
        row = CommitmentAction.objects.select_related("commitment").get(pk=int(action_id))
    except (CommitmentAction.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
    commitment_policy.require(actor, Action.VIEW_EVALUATIONS, row.commitment)
    return row
