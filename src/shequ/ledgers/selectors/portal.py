"""Reads of the resident portal: the places and categories anyone may report in, and a
reporter's own reports — never anyone else's, whatever their grants."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shequ.core.errors import NotFound
from shequ.core.scoping import PATH_END
from shequ.territory.models import Area, AreaKind, Building

from ..models import Case, CaseEvent, CaseSource, Ledger
from ..workflow import Step
from .public import public_categories

# Steps a reporter sees on their report, and the ones whose note is meant for them
# (the resolution, the reason for a refusal, their own rating). Internal notes —
# assignment, escalation, instructions — stay with the staff.
REPORTER_STEPS = {Step.CREATE, Step.ASSIGN, Step.START, Step.RESOLVE, Step.CLOSE,
                  Step.REJECT, Step.RATE, Step.REOPEN, Step.FOLLOW_RESOLVE, Step.FOLLOW_CLOSE}
REPORTER_NOTES = {Step.RESOLVE, Step.REJECT, Step.RATE, Step.REOPEN}


def portal_categories():
    """Categories a resident may report in: the public ones (never stability)."""
    return public_categories()


def portal_communities() -> QuerySet[Area]:
    """Every community, with its street for grouping, in tree order."""
    return (Area.objects.filter(kind=AreaKind.COMMUNITY).select_related("parent")
            .order_by("path"))


def portal_community_get(community_id) -> Area:
    try:
        return portal_communities().get(pk=int(community_id))
    except (Area.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def portal_buildings(community: Area | None) -> QuerySet[Building]:
    """The buildings of one community, by compound and name."""
    if community is None:
        return Building.objects.none()
    return (Building.objects.filter(path__gte=community.path,
                                    path__lt=community.path + PATH_END)
            .select_related("compound").order_by("compound__name", "name", "id"))


def community_of(path: str) -> Area | None:
    """The community a resident's household (or any record) lies in."""
    parts = path.split(".")
    candidates = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
    return portal_communities().filter(path__in=candidates).first()


def _mine(user) -> Q:
    """Two indexed equalities (reporter, author) rather than a join through the registry,
    so the list stays an index look-up however many cases there are."""
    q = Q(source=CaseSource.PORTAL, created_by=user)
    resident = getattr(user, "resident", None)
    if resident is not None:
        q |= Q(reporter_id=resident.pk)
    return q


def my_reports(*, user) -> QuerySet[Case]:
    """The reports a signed-in resident made (or that name them as the reporter),
    newest first. Never a stability case, whatever its source or reporter: like the
    public status page, the portal does not show that ledger to anyone."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return (Case.objects.filter(_mine(user)).exclude(ledger=Ledger.STABILITY)
            .select_related("category").order_by("-created_at", "-id"))


def my_report_get(user, case_id) -> Case:
    """One of the user's own reports; NotFound for anyone else's and for missing ones."""
    try:
        return my_reports(user=user).select_related("reporter").get(pk=int(case_id))
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def report_receipt(case_id) -> Case:
    """A report for its confirmation page (the view has checked that this browser
    session filed it)."""
    try:
        return Case.objects.select_related("category", "building__compound").get(
            pk=int(case_id), source=CaseSource.PORTAL)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def report_status_get(case_id) -> Case:
    """A report as the public status page shows it: filed on the resident portal and not in
    the stability ledger (whatever its category became later). The caller has proved the
    reporter's phone, or holds this session's grant for the report. Reports from other
    channels are left out: their description and place were written by staff for staff,
    and their reporters were never handed a report number to look up."""
    try:
        return (Case.objects.select_related("category")
                .exclude(ledger=Ledger.STABILITY)
                .get(pk=int(case_id), source=CaseSource.PORTAL))
    except (Case.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def report_timeline(case: Case) -> list[CaseEvent]:
    """The steps of a report as its reporter sees them: no staff names, and only the
    notes addressed to the reporter."""
    out = []
    for event in case.events.filter(kind__in=REPORTER_STEPS).order_by("at", "id"):
        if event.kind not in REPORTER_NOTES:
            event.note = ""
        out.append(event)
    return out
