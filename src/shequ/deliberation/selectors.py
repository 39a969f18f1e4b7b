"""Scoped reads of 要事联商: matters, their history and tasks, meetings with their agenda,
invitees and votes, the 联席会议 resolutions (overdue ones apart) and the public page of a
community's decided matters, which shows only what each matter discloses."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.core.keyset import keyset_window
from shequ.organizations.models import PartTimeMember, Unit
from shequ.territory.models import Area, AreaKind

from .models import (
    DECIDED,
    AgendaItem,
    Evidence,
    Invitee,
    Matter,
    MatterEvent,
    Meeting,
    Resolution,
    ResolutionStatus,
    Task,
    Vote,
)
from .policies import (
    Action,
    matter_policy,
    meeting_policy,
    resolution_policy,
    task_policy,
    unit_ids,
)


def _within(qs: QuerySet, area_path: str) -> QuerySet:
    if not area_path:
        return qs
    return qs.filter(Q(path=area_path) | Q(path__gte=area_path + ".", path__lt=area_path + ".~"))


def matter_list(*, actor, q: str = "", status: str = "", kind: str = "",
                area_path: str = "") -> QuerySet[Matter]:
    """Matters the actor may see, newest first, with their community."""
    qs = matter_policy.instances_for(actor, Action.VIEW_MATTERS).select_related("community")
    if q:
        qs = qs.filter(title__contains=q.strip()[:50])
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return _within(qs, area_path).order_by("-id")


def matter_get_for_actor(actor, matter_id) -> Matter:
    """One matter; NotFound both when missing and when out of the actor's scope."""
    try:
        return matter_list(actor=actor).get(pk=int(matter_id))
    except (Matter.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def matter_history(matter: Matter) -> list[MatterEvent]:
    return list(MatterEvent.objects.filter(matter=matter).select_related("actor"))


def matter_tasks(matter: Matter) -> list[Task]:
    """The matter's tasks in tree order, each with its ``depth`` and ``is_parent``."""
    rows = list(Task.objects.filter(matter=matter).select_related("owner")
                .prefetch_related("evidence").order_by("id"))
    children: dict[int | None, list[Task]] = {}
    for t in rows:
        children.setdefault(t.parent_id, []).append(t)
    out: list[Task] = []

    def walk(parent_id, depth):
        for t in children.get(parent_id, []):
            t.depth, t.is_parent = depth, t.pk in children
            out.append(t)
            walk(t.pk, depth + 1)

    walk(None, 0)
    return out


def task_get_for_actor(actor, task_id) -> Task:
    try:
        return task_policy.instances_for(actor).select_related("matter").get(pk=int(task_id))
    except (Task.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def evidence_get_for_actor(actor, evidence_id) -> Evidence:
    """A task's photo, for whoever may see its matter."""
    try:
        return Evidence.objects.get(pk=int(evidence_id),
                                    task__in=task_policy.instances_for(actor))
    except (Evidence.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def matter_meetings(matter: Matter) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(matter=matter).select_related("meeting"))


def approved_matters(meeting: Meeting) -> QuerySet[Matter]:
    """Matters of the meeting's community waiting for a 议事会 (pre-review passed)."""
    return Matter.objects.filter(community_id=meeting.community_id, status="approved")


def meeting_list(*, actor, kind: str = "", area_path: str = "") -> QuerySet[Meeting]:
    qs = meeting_policy.instances_for(actor, Action.VIEW_MATTERS).select_related("community")
    if kind:
        qs = qs.filter(kind=kind)
    return _within(qs, area_path).order_by("-starts_at", "-id")


def meeting_get_for_actor(actor, meeting_id) -> Meeting:
    try:
        return meeting_list(actor=actor).get(pk=int(meeting_id))
    except (Meeting.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def meeting_record(meeting: Meeting) -> dict:
    """Everything the meeting page and the printed minutes show: agenda with tallies,
    invitees, named votes by item (none on a secret ballot), resolutions."""
    items = list(meeting.items.select_related("matter").prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("invitee"))))
    invitees = list(meeting.invitees.all())
    present = sum(1 for i in invitees if i.present)
    return {"items": items, "invitees": invitees, "present": present,
            "invited": len(invitees),
            "quorum_met": bool(invitees) and present * meeting.quorum_den
            >= meeting.quorum_num * len(invitees),
            "resolutions": list(meeting.resolutions.select_related("unit")
                                .prefetch_related("updates"))}


def committee_members(meeting: Meeting) -> QuerySet[PartTimeMember]:
    """The part-time members of the community's 大党委 (those a meeting may invite)."""
    return PartTimeMember.objects.filter(path=meeting.path).select_related("unit")


def community_units(meeting: Meeting) -> QuerySet[Unit]:
    """The open units of the community (a 联席会议 assigns them resolutions)."""
    return _within(Unit.objects.filter(closed_at=None), meeting.path).order_by("name")


def agenda_item(meeting: Meeting, item_id) -> AgendaItem:
    try:
        return meeting.items.select_related("meeting", "matter").get(pk=int(item_id))
    except (AgendaItem.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def invitee_of(meeting: Meeting, invitee_id) -> Invitee:
    try:
        return meeting.invitees.get(pk=int(invitee_id))
    except (Invitee.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def resolution_list(*, actor, overdue: bool = False, area_path: str = "",
                    mine: bool = False, open_only: bool = False) -> QuerySet:
    """联席会议 resolutions in scope by deadline; ``overdue``: open ones past it; ``mine``:
    those assigned to the units the actor answers for (a liaison's), ``open_only``: not
    done yet."""
    qs = resolution_policy.instances_for(actor, Action.VIEW_MATTERS).select_related(
        "unit", "meeting")
    if mine:
        qs = qs.filter(unit_id__in=unit_ids(actor))
    if overdue:
        qs = qs.exclude(status=ResolutionStatus.DONE).filter(due_on__lt=timezone.localdate())
    elif open_only:
        qs = qs.exclude(status=ResolutionStatus.DONE)
    return _within(qs, area_path).order_by("due_on", "id")


def resolution_get_for_actor(actor, resolution_id) -> Resolution:
    try:
        return resolution_list(actor=actor).get(pk=int(resolution_id))
    except (Resolution.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def resolution_updates(resolution: Resolution) -> list:
    """A resolution's follow-ups, oldest first, with who wrote them."""
    return list(resolution.updates.select_related("actor").order_by("at", "id"))


def unit_resolution_counts(actor) -> dict:
    """For a liaison's home: how many of their units' resolutions are open, in progress and
    overdue (one query)."""
    today = timezone.localdate()
    undone = ~Q(status=ResolutionStatus.DONE)
    return resolution_list(actor=actor, mine=True).aggregate(
        open=Count("id", filter=undone),
        in_progress=Count("id", filter=Q(status=ResolutionStatus.IN_PROGRESS)),
        overdue=Count("id", filter=undone & Q(due_on__lt=today)))


# -- the public page (公开), no login --------------------------------------------------------
PUBLIC_FIELDS = ("id", "kind", "title", "status", "decided_at", "background", "budget",
                 "budget_source", "proposer_name", "votes_for", "votes_against",
                 "votes_abstain", "progress", "disclosure")


def public_community(code: str) -> Area:
    try:
        return Area.objects.get(code=str(code)[:20], kind=AreaKind.COMMUNITY)
    except Area.DoesNotExist:
        raise NotFound() from None


def public_matters(*, community: Area, after: str | None = None, before: str | None = None,
                   limit: int = 20):
    """One keyset page of the community's decided matters, newest decision first; each row
    a dict holding only the fields its matter discloses."""
    qs = (Matter.objects.filter(community=community, status__in=DECIDED)
          .only(*PUBLIC_FIELDS).order_by("-decided_at", "-id"))
    page = keyset_window(qs, limit=limit, after=after, before=before)
    return page, [disclosed(m) for m in page.rows]


def disclosed(m: Matter) -> dict:
    """What the public may read of a decided matter: title, type, status and date always,
    the rest only where the matter's disclosure says so (never a private field)."""
    row = {"id": m.pk, "title": m.title, "kind": m.kind, "kind_label": m.get_kind_display(),
           "status": m.status, "status_label": m.get_status_display(),
           "decided_at": m.decided_at}
    if m.shown("background"):
        row["background"] = m.background
    if m.shown("budget"):
        row["budget"] = m.budget
    if m.shown("budget_source"):
        row["budget_source"] = m.budget_source
    if m.shown("proposer"):
        row["proposer"] = m.proposer_name
    if m.shown("votes"):
        row["votes"] = {"for": m.votes_for, "against": m.votes_against,
                        "abstain": m.votes_abstain}
    if m.shown("progress"):
        row["progress"] = m.progress
    return row
