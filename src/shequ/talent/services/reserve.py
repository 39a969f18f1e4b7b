"""Writes of talent demands and the talent reserve.

A unit's recruiter (or staff over the unit's place) posts a demand: post, skills
(normalised tags), lowest education, pay band, headcount, deadline. A resident keeps their
own reserve profile from the portal; staff may keep it on their behalf only with the
resident's consent recorded (when, by whom, how). Every save needs a standing consent —
the profile's own or one given with the save; withdrawing it hides the profile from
matching at once (the index's stamp changes) and is audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.core.freetext import clean_text, limit_of

from .. import skills as skill_tags
from ..errors import TalentErrorCode
from ..models import Demand, DemandState, Education, PostKind, Profile, Recruiter, WorkType
from ..policies import Action, demand_policy, is_own_profile, may_post_for, profile_policy


@transaction.atomic
def recruiter_add(*, actor, unit, user) -> Recruiter:
    """An account that posts the unit's demands (staff over the unit's place decide)."""
    demand_policy.require(actor, Action.MANAGE_TALENT, unit.path)
    row, created = Recruiter.objects.get_or_create(unit=unit, user=user)
    if created:
        audit.record(actor=actor, action="recruiter_add", entity="unit", entity_id=unit.pk,
                     summary=user.username)
    return row


def _coordinate(value, low: float, high: float, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        out = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter a number."), field=field) from None
    if not low <= out <= high:
        raise DomainError(_("Out of range."), field=field)
    return out


def _demand_fields(*, title, post_kind, work_type, skills, education, pay_min, pay_max,
                   headcount, deadline, description="", lat=None, lng=None) -> dict:
    """The demand's fields as stored, or the first refusal naming its field."""
    if post_kind not in PostKind.values:
        raise DomainError(_("Unknown kind of post."), field="post_kind")
    if work_type not in WorkType.values:
        raise DomainError(_("Unknown work type."), field="work_type")
    if int(education) not in Education.values:
        raise DomainError(_("Unknown education level."), field="education")
    if pay_min is None or pay_max is None or int(pay_min) < 0 or int(pay_min) > int(pay_max):
        raise DomainError(_("The pay band runs from a lower to a higher amount."),
                          code=TalentErrorCode.PAY_BAND, field="pay_max")
    if int(headcount) < 1:
        raise DomainError(_("At least one person."), field="headcount")
    if deadline < timezone.localdate():
        raise DomainError(_("The deadline has passed."), code=TalentErrorCode.DEADLINE_PASSED,
                          field="deadline")
    lat, lng = _coordinate(lat, -90, 90, "lat"), _coordinate(lng, -180, 180, "lng")
    if (lat is None) != (lng is None):
        raise DomainError(_("Give both coordinates or neither."), field="lng")
    return {"title": clean_text(title, field="title", limit=limit_of(Demand, "title"),
                                required=True, single_line=True,
                                required_message=_("The post is required.")),
            "post_kind": post_kind, "work_type": work_type,
            "skills": skill_tags.normalise(skills), "education": int(education),
            "pay_min": int(pay_min), "pay_max": int(pay_max), "headcount": int(headcount),
            "deadline": deadline, "lat": lat, "lng": lng,
            "description": clean_text(description, field="description",
                                      limit=limit_of(Demand, "description"))}


@transaction.atomic
def demand_create(*, actor, unit, **fields) -> Demand:
    """A unit's talent demand (its recruiter or staff over its place); closed units post
    nothing."""
    if not may_post_for(actor, unit):
        raise NotFound()
    if unit.closed_at is not None:
        raise DomainError(_("This unit is closed."), field="unit")
    row = Demand.objects.create(unit=unit, created_by=user_of(actor), path=unit.path,
                                **_demand_fields(**fields))
    audit.record(actor=actor, action="create", entity="talent_demand", entity_id=row.pk,
                 summary=f"{unit.name} · {row.title}")
    return row


@transaction.atomic
def demand_update(*, actor, demand: Demand, **fields) -> Demand:
    """Change an open demand (a closed one is reopened first)."""
    demand_policy.require(actor, Action.MANAGE_TALENT, demand)
    if demand.state != DemandState.OPEN:
        raise Conflict(_("This post is closed."), code=TalentErrorCode.DEMAND_CLOSED)
    after = _demand_fields(**fields)
    before = {k: getattr(demand, k) for k in after}
    Demand.objects.filter(pk=demand.pk).update(**after)
    for k, v in after.items():
        setattr(demand, k, v)
    b, a = audit.diff(before, after)
    if a:
        audit.record(actor=actor, action="update", entity="talent_demand", entity_id=demand.pk,
                     summary=demand.title, before=b, after=a)
    return demand


@transaction.atomic
def demand_close(*, actor, demand: Demand) -> Demand:
    """Close a post: no more referrals to it; those under way keep going to their outcome."""
    demand_policy.require(actor, Action.MANAGE_TALENT, demand)
    now = timezone.now()
    if not Demand.objects.filter(pk=demand.pk, state=DemandState.OPEN).update(
            state=DemandState.CLOSED, closed_at=now):
        raise Conflict(_("This post is already closed."), code=TalentErrorCode.DEMAND_CLOSED)
    demand.state, demand.closed_at = DemandState.CLOSED, now
    audit.record(actor=actor, action="demand_close", entity="talent_demand",
                 entity_id=demand.pk, summary=demand.title)
    return demand


@transaction.atomic
def demand_reopen(*, actor, demand: Demand) -> Demand:
    """Reopen a closed post whose deadline has not passed."""
    demand_policy.require(actor, Action.MANAGE_TALENT, demand)
    if demand.deadline < timezone.localdate():
        raise Conflict(_("The deadline has passed: post a new demand."),
                       code=TalentErrorCode.DEADLINE_PASSED, field="deadline")
    if not Demand.objects.filter(pk=demand.pk, state=DemandState.CLOSED).update(
            state=DemandState.OPEN, closed_at=None):
        raise Conflict(_("This post is open."), code=TalentErrorCode.INVALID_TRANSITION)
    demand.state, demand.closed_at = DemandState.OPEN, None
    audit.record(actor=actor, action="demand_reopen", entity="talent_demand",
                 entity_id=demand.pk, summary=demand.title)
    return demand


# -- the reserve -----------------------------------------------------------------------------
def _choices(values, allowed, field: str) -> str:
    values = [v for v in (values or []) if v]
    if any(v not in allowed for v in values):
        raise DomainError(_("Unknown choice."), field=field)
    return ",".join(sorted(set(values)))


def _profile_fields(*, skills, education, experience_years=0, wish_kinds=(),
                    wish_work_types=(), wish_max_km=None, wish_pay_min=None,
                    available_from: dt.date | None = None, note="") -> dict:
    if int(education) not in Education.values:
        raise DomainError(_("Unknown education level."), field="education")
    if not 0 <= int(experience_years or 0) <= 60:
        raise DomainError(_("Between 0 and 60 years."), field="experience_years")
    if wish_max_km is not None and not 1 <= int(wish_max_km) <= 200:
        raise DomainError(_("Between 1 and 200 km."), field="wish_max_km")
    if wish_pay_min is not None and not 0 <= int(wish_pay_min) <= 1_000_000:
        raise DomainError(_("Enter a monthly amount."), field="wish_pay_min")
    return {"skills": skill_tags.normalise(skills), "education": int(education),
            "experience_years": int(experience_years or 0),
            "wish_kinds": _choices(wish_kinds, PostKind.values, "wish_kinds"),
            "wish_work_types": _choices(wish_work_types, WorkType.values, "wish_work_types"),
            "wish_max_km": wish_max_km, "wish_pay_min": wish_pay_min,
            "available_from": available_from,
            "note": clean_text(note, field="note", limit=limit_of(Profile, "note"))}


def _consent_owner(actor, resident, consent_note: str) -> str:
    """How consent is recorded: the resident's own (online), or staff's with a note of how
    the resident gave it (a signed form, in person) — refused without the note."""
    if resident.user_id is not None and resident.user_id == getattr(actor, "pk", None):
        return consent_note or _("Given by the resident online")
    note = clean_text(consent_note, field="consent_note", limit=limit_of(Profile, "consent_note"))
    if not note:
        raise DomainError(_("Record how the resident gave consent (a signed form, in person)."),
                          code=TalentErrorCode.NO_CONSENT, field="consent_note")
    return note


@transaction.atomic
def profile_save(*, actor, resident, consent: bool = False, consent_note: str = "",
                 **fields) -> Profile:
    """Create or change a resident's reserve profile — the resident themselves, or staff
    managing talent over their home. Refused without a standing consent or one given now."""
    own = resident.user_id is not None and resident.user_id == getattr(actor, "pk", None)
    if not own:
        profile_policy.require(actor, Action.MANAGE_TALENT, resident.path)
    data = _profile_fields(**fields)
    profile = Profile.objects.select_for_update().filter(resident=resident).first()
    standing = profile is not None and profile.consented
    if not standing and not consent:
        raise Conflict(_("The resident has not consented to the talent reserve."),
                       code=TalentErrorCode.NO_CONSENT, field="consent")
    now = timezone.now()
    if not standing:
        data.update(consented=True, consent_at=now, consent_by=user_of(actor),
                    consent_note=_consent_owner(actor, resident, consent_note),
                    withdrawn_at=None)
    if profile is None:
        profile = Profile.objects.create(resident=resident, path=resident.path, **data)
        audit.record(actor=actor, action="create", entity="talent_profile", entity_id=profile.pk,
                     summary=resident.name)
    else:
        before = {k: getattr(profile, k) for k in data}
        for k, v in data.items():
            setattr(profile, k, v)
        profile.save()
        b, a = audit.diff(before, data)
        if a:
            audit.record(actor=actor, action="update", entity="talent_profile",
                         entity_id=profile.pk, summary=resident.name, before=b, after=a)
    if not standing:
        audit.record(actor=actor, action="consent_give", entity="talent_profile",
                     entity_id=profile.pk, summary=resident.name, reason=profile.consent_note)
    return profile


@transaction.atomic
def consent_withdraw(*, actor, profile: Profile, reason: str = "") -> Profile:
    """The resident (or staff at their request) withdraws consent: the profile leaves
    matching at once and referrals can no longer be made of it; the record is kept."""
    if not is_own_profile(actor, profile):
        profile_policy.require(actor, Action.MANAGE_TALENT, profile)
    now = timezone.now()
    if not Profile.objects.filter(pk=profile.pk, consented=True).update(
            consented=False, withdrawn_at=now, updated_at=now):
        raise Conflict(_("There is no consent to withdraw."), code=TalentErrorCode.NO_CONSENT)
    profile.consented, profile.withdrawn_at = False, now
    audit.record(actor=actor, action="consent_withdraw", entity="talent_profile",
                 entity_id=profile.pk, summary=profile.resident.name,
                 reason=clean_text(reason, field="reason", limit=200))
    return profile
