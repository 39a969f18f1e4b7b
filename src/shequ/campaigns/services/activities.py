"""Writes for activities: create, sign up (confirmed while places last, then the waiting
list), cancel (the first on the waiting list is promoted in the same transaction),
attendance by QR or by staff, photos, the short report. Volunteers' time at an activity
becomes a service record of the volunteers app, so verified hours flow into the bank."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from shequ.core import audit
from shequ.core.errors import Conflict, DomainError, ErrorCode, Forbidden, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.core.uploads import check_photo
from shequ.registry.selectors import lives_in, resident_of
from shequ.volunteers import services as volunteer_services

from ..errors import CampaignErrorCode
from ..models import (
    Activity,
    ActivityKind,
    ActivityPhoto,
    ActivityState,
    Signup,
    SignupRole,
    SignupState,
)
from ..policies import Action, activity_policy


@transaction.atomic
def activity_create(*, actor, community, title: str, kind: str, place: str,
                    starts_at: dt.datetime, ends_at: dt.datetime, capacity: int,
                    volunteer_places: int = 0, description: str = "") -> Activity:
    """Publish an activity of a community for sign-up."""
    activity_policy.require(actor, Action.MANAGE_ACTIVITIES, community)
    title, place, description = _texts(title, place, description)
    if kind not in ActivityKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    if int(capacity) < 1:
        raise DomainError(_("At least one place."), field="capacity")
    activity = Activity.objects.create(
        title=title, kind=kind, community=community, place=place,
        starts_at=starts_at, ends_at=ends_at, capacity=int(capacity),
        volunteer_places=int(volunteer_places or 0), description=description,
        checkin_token=secrets.token_urlsafe(16)[:22],
        created_by=actor if getattr(actor, "pk", None) else None, path=community.path)
    audit.record(actor=actor, action="create", entity="activity", entity_id=activity.pk,
                 summary=activity.title)
    return activity


def _texts(title, place, description) -> tuple[str, str, str]:
    return (clean_text(title, field="title", limit=limit_of(Activity, "title"), required=True,
                       required_message=_("Title is required.")),
            clean_text(place, field="place", limit=limit_of(Activity, "place")),
            clean_text(description, field="description",
                       limit=limit_of(Activity, "description")))


def _snapshot(a: Activity) -> dict:
    return {"title": a.title, "kind": a.kind, "place": a.place, "starts_at": a.starts_at,
            "ends_at": a.ends_at, "capacity": a.capacity,
            "volunteer_places": a.volunteer_places, "description": a.description}


@transaction.atomic
def activity_update(*, actor, activity: Activity, title: str, kind: str, place: str,
                    starts_at: dt.datetime, ends_at: dt.datetime, capacity: int,
                    volunteer_places: int = 0, description: str = "") -> Activity:
    """Change an activity still open for sign-up. Places cannot drop below the sign-ups
    already confirmed; added places go to the waiting list in order of arrival."""
    activity_policy.require(actor, Action.MANAGE_ACTIVITIES, activity)
    activity = _lock(activity)
    if activity.state != ActivityState.PUBLISHED:
        raise Conflict(_("Only an activity open for sign-up can be changed."),
                       code=CampaignErrorCode.INVALID_TRANSITION)
    title, place, description = _texts(title, place, description)
    if kind not in ActivityKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    if ends_at <= starts_at:
        raise DomainError(_("The end must be after the start."), field="ends_at")
    capacity, volunteer_places = int(capacity), int(volunteer_places or 0)
    if capacity < 1:
        raise DomainError(_("At least one place."), field="capacity")
    for role, places, field in ((SignupRole.PARTICIPANT, capacity, "capacity"),
                                (SignupRole.VOLUNTEER, volunteer_places, "volunteer_places")):
        taken = _confirmed(activity, role)
        if places < taken:
            raise DomainError(_("%(n)d people have already been confirmed; keep at least "
                                "that many places.") % {"n": taken}, field=field)
    before = _snapshot(activity)
    activity.title, activity.kind, activity.place = title, kind, place
    activity.starts_at, activity.ends_at = starts_at, ends_at
    activity.capacity, activity.volunteer_places = capacity, volunteer_places
    activity.description = description
    activity.save(update_fields=list(before))
    promoted = [s.pk for role in SignupRole.values for s in _promote(activity, role)]
    b, a = audit.diff(before, _snapshot(activity))
    audit.record(actor=actor, action="update", entity="activity", entity_id=activity.pk,
                 summary=activity.title, before=b, after={**(a or {}), "promoted": promoted})
    return activity


def _promote(activity: Activity, role: str) -> list[Signup]:
    """Confirm the first on the waiting list while places are free."""
    free = _places(activity, role) - _confirmed(activity, role)
    if free <= 0:
        return []
    rows = list(Signup.objects.filter(activity=activity, role=role, state=SignupState.WAITING)
                .order_by("created_at", "id")[:free])
    Signup.objects.filter(pk__in=[s.pk for s in rows]).update(state=SignupState.CONFIRMED)
    return rows


@transaction.atomic
def activity_cancel(*, actor, activity: Activity, reason: str) -> Activity:
    """Call off an activity open for sign-up, with a reason shown on its page."""
    activity_policy.require(actor, Action.MANAGE_ACTIVITIES, activity)
    reason = clean_text(reason, field="reason", limit=limit_of(Activity, "cancel_reason"),
                        required=True, required_message=_("Give a reason."))
    done = Activity.objects.filter(pk=activity.pk, state=ActivityState.PUBLISHED).update(
        state=ActivityState.CANCELLED, cancel_reason=reason)
    if not done:
        raise Conflict(_("Only an activity open for sign-up can be cancelled."),
                       code=CampaignErrorCode.INVALID_TRANSITION)
    activity.refresh_from_db()
    audit.record(actor=actor, action="cancel", entity="activity", entity_id=activity.pk,
                 summary=activity.title, reason=reason)
    return activity


def _places(activity: Activity, role: str) -> int:
    return activity.volunteer_places if role == SignupRole.VOLUNTEER else activity.capacity


def _confirmed(activity: Activity, role: str) -> int:
    return Signup.objects.filter(activity=activity, role=role,
                                 state=SignupState.CONFIRMED).count()


def _lock(activity: Activity) -> Activity:
    """Serialise the place count of one activity (row lock on PostgreSQL; SQLite's
    IMMEDIATE transactions are already serial)."""
    return Activity.objects.select_for_update().get(pk=activity.pk)


@transaction.atomic
def signup_create(*, actor, activity: Activity, role: str = SignupRole.PARTICIPANT) -> Signup:
    """A resident of the community signs up; confirmed while places last, otherwise on the
    waiting list in order of arrival. Volunteers must be registered volunteers."""
    resident = resident_of(actor)
    if not lives_in(resident, activity.path):
        raise NotFound()
    if role not in SignupRole.values:
        raise DomainError(pgettext("participant", "Unknown role."), field="role")
    if role == SignupRole.VOLUNTEER and getattr(resident, "volunteer", None) is None:
        raise Forbidden(_("Register as a volunteer first."), code=CampaignErrorCode.NOT_A_VOLUNTEER)
    activity = _lock(activity)
    if activity.state != ActivityState.PUBLISHED or activity.starts_at <= timezone.now():
        raise Conflict(_("Sign-up for this activity is closed."), code=CampaignErrorCode.CLOSED)
    if _places(activity, role) == 0:
        raise DomainError(_("This activity takes no volunteers."), field="role")
    state = (SignupState.CONFIRMED if _confirmed(activity, role) < _places(activity, role)
             else SignupState.WAITING)
    existing = Signup.objects.filter(activity=activity, resident=resident).first()
    if existing is not None and existing.state != SignupState.CANCELLED:
        raise Conflict(_("You have already signed up."), code=ErrorCode.DUPLICATE)
    if existing is not None:
        Signup.objects.filter(pk=existing.pk).update(state=state, role=role,
                                                     created_at=timezone.now())
        existing.refresh_from_db()
        row = existing
    else:
        try:
            with transaction.atomic():
                row = Signup.objects.create(activity=activity, resident=resident, role=role,
                                            state=state, path=resident.path)
        except IntegrityError as exc:
            raise Conflict(_("You have already signed up."), code=ErrorCode.DUPLICATE) from exc
    audit.record(actor=actor, action="sign_up", entity="activity", entity_id=activity.pk,
                 summary=f"{resident.name} {role} {state}")
    return row


@transaction.atomic
def signup_cancel(*, actor, signup: Signup) -> Signup | None:
    """Cancel a sign-up (the resident, or staff). If it held a place, the first on the
    waiting list for the same role gets it; returns that promoted sign-up, if any."""
    if signup.resident.user_id != getattr(actor, "pk", None):
        activity_policy.require(actor, Action.MANAGE_ACTIVITIES, signup.activity)
    activity = _lock(signup.activity)
    held = Signup.objects.filter(pk=signup.pk, state=SignupState.CONFIRMED).exists()
    done = Signup.objects.filter(pk=signup.pk).exclude(state=SignupState.CANCELLED).update(
        state=SignupState.CANCELLED)
    if not done:
        raise Conflict(_("This sign-up is already cancelled."), code=CampaignErrorCode.INVALID_TRANSITION)
    signup.state = SignupState.CANCELLED
    promoted = None
    if held and activity.starts_at > timezone.now():
        promoted = (Signup.objects.filter(activity=activity, role=signup.role,
                                          state=SignupState.WAITING)
                    .order_by("created_at", "id").first())
        if promoted is not None:
            Signup.objects.filter(pk=promoted.pk).update(state=SignupState.CONFIRMED)
            promoted.state = SignupState.CONFIRMED
    audit.record(actor=actor, action="cancel_sign_up", entity="activity", entity_id=activity.pk,
                 summary=f"{signup.resident_id}", after={"promoted": getattr(promoted, "pk", None)})
    return promoted


def _volunteer_record(actor, signup: Signup, activity: Activity, marked_by_staff: bool):
    volunteer = getattr(signup.resident, "volunteer", None)
    if signup.role != SignupRole.VOLUNTEER or volunteer is None:
        return None
    source = f"activity:{activity.pk}"
    if marked_by_staff:
        return volunteer_services.attendance_mark(
            actor=actor, volunteer=volunteer, source=source, title=activity.title,
            path=activity.path, check_in_at=activity.starts_at, check_out_at=activity.ends_at)
    return volunteer_services.record_open(actor=actor, volunteer=volunteer, source=source,
                                          title=activity.title, path=activity.path)


@transaction.atomic
def activity_check_in(*, actor, token: str) -> Signup:
    """A confirmed participant or volunteer scans the activity's QR code on site. A
    volunteer's time starts a service record (checked out on their volunteer page)."""
    activity = Activity.objects.filter(checkin_token=token).first()
    resident = resident_of(actor)
    if activity is None or resident is None:
        raise NotFound()
    now = timezone.now()
    if not activity.starts_at - dt.timedelta(hours=1) <= now <= activity.ends_at:
        raise Conflict(_("Check-in is not open for this activity now."), code=CampaignErrorCode.CHECKIN_CLOSED)
    signup = Signup.objects.filter(activity=activity, resident=resident,
                                   state=SignupState.CONFIRMED).first()
    if signup is None:
        raise Forbidden(_("You are not signed up for this activity."), code=CampaignErrorCode.NOT_SIGNED_UP)
    if signup.attended:
        raise Conflict(_("You have already checked in here."), code=CampaignErrorCode.ALREADY_CHECKED_IN)
    Signup.objects.filter(pk=signup.pk).update(attended=True, checked_in_at=now)
    signup.attended, signup.checked_in_at = True, now
    _volunteer_record(actor, signup, activity, marked_by_staff=False)
    return signup


@transaction.atomic
def attendance_mark(*, actor, activity: Activity, attended_ids: list[int]) -> int:
    """Roll call by staff: the confirmed sign-ups listed attended (volunteers get a
    service record for the activity's time, waiting for verification)."""
    activity_policy.require(actor, Action.MANAGE_ACTIVITIES, activity)
    rows = list(Signup.objects.filter(activity=activity, state=SignupState.CONFIRMED,
                                      pk__in=attended_ids, attended=False)
                .select_related("resident"))
    now = timezone.now()
    for signup in rows:
        Signup.objects.filter(pk=signup.pk).update(attended=True, checked_in_at=now)
        _volunteer_record(actor, signup, activity, marked_by_staff=True)
    audit.record(actor=actor, action="attendance", entity="activity", entity_id=activity.pk,
                 after={"attended": [s.pk for s in rows]})
    return len(rows)


@transaction.atomic
def activity_report(*, actor, activity: Activity, report: str) -> Activity:
    """Write the short report; the activity is then marked as held."""
    activity_policy.require(actor, Action.MANAGE_ACTIVITIES, activity)
    report = clean_text(report, field="report", limit=limit_of(Activity, "report"),
                        required=True, required_message=_("Write a few lines."))
    Activity.objects.filter(pk=activity.pk).update(report=report,
                                                   state=ActivityState.DONE)
    activity.refresh_from_db()
    audit.record(actor=actor, action="report", entity="activity", entity_id=activity.pk)
    return activity


@transaction.atomic
def photo_add(*, actor, activity: Activity, upload, caption: str = "") -> ActivityPhoto:
    """Add a JPEG or PNG photo (checked by its first bytes, at most 8 MB)."""
    activity_policy.require(actor, Action.MANAGE_ACTIVITIES, activity)
    caption = clean_text(caption, field="caption", limit=limit_of(ActivityPhoto, "caption"))
    check_photo(upload, field="image")
    photo = ActivityPhoto.objects.create(activity=activity, image=upload,
                                         caption=caption,
                                         uploaded_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor=actor, action="photo", entity="activity", entity_id=activity.pk)
    return photo
