"""Referrals and internships, from the post to an outcome.

``referred → interviewed → hired | declined`` (``referred → declined`` too): one table of
allowed steps, each step guarded by the expected current state so the second of two
concurrent actors is told, not overwritten. A referral needs an open post (state open,
deadline not passed) and a profile whose consent stands."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode
from shequ.core.freetext import clean_text, limit_of
from shequ.notices.services import notify

from .. import selectors
from ..errors import TalentErrorCode
from ..models import Referral, ReferralKind, ReferralState
from ..policies import Action, profile_policy, referral_policy

STEPS = {
    ReferralState.REFERRED: {ReferralState.INTERVIEWED, ReferralState.DECLINED},
    ReferralState.INTERVIEWED: {ReferralState.HIRED, ReferralState.DECLINED},
}


@transaction.atomic
def refer(*, actor, demand, profile, kind: str = ReferralKind.REFERRAL, note: str = ""
          ) -> Referral:
    """Put a consenting reserve member forward for an open post (staff over their home)."""
    profile_policy.require(actor, Action.MANAGE_TALENT, profile)
    if kind not in ReferralKind.values:
        raise DomainError(_("Unknown type."), field="kind")
    # The row, locked, not the caller's copy: a withdrawal committed meanwhile must win.
    profile = type(profile).objects.select_for_update().select_related("resident").get(
        pk=profile.pk)
    selectors.require_consent(profile)
    demand = type(demand).objects.select_for_update().select_related("unit").get(pk=demand.pk)
    if not selectors.is_open(demand):
        raise Conflict(_("This post is closed: no more referrals."),
                       code=TalentErrorCode.DEMAND_CLOSED, field="demand")
    note = clean_text(note, field="note", limit=limit_of(Referral, "note"))
    score = selectors.score_of(demand, profile)["score"]
    try:
        with transaction.atomic():
            row = Referral.objects.create(demand=demand, profile=profile, kind=kind, note=note,
                                          score=score, referred_by=user_of(actor),
                                          path=profile.path)
    except IntegrityError as exc:
        raise Conflict(_("Already referred to this post."), code=ErrorCode.DUPLICATE) from exc
    audit.record(actor=actor, action="refer", entity="referral", entity_id=row.pk,
                 summary=f"{demand.unit.name} · {demand.title}")
    if profile.resident.user_id:
        notify(recipients=[profile.resident.user], kind="talent_referral",
               title=_("You were referred to a post"),
               body=f"{demand.unit.name} · {demand.title}", link=reverse("talent:me"))
    return row


@transaction.atomic
def referral_advance(*, actor, referral: Referral, state: str, note: str = "") -> Referral:
    """Record the next step of a referral (the post's recruiter or staff)."""
    referral_policy.require(actor, Action.MANAGE_TALENT, referral)
    current = ReferralState(referral.state)
    if state not in STEPS.get(current, set()):
        raise Conflict(_("A referral that is %(state)s cannot move there.")
                       % {"state": current.label}, code=TalentErrorCode.INVALID_TRANSITION,
                       field="state")
    note = clean_text(note, field="note", limit=limit_of(Referral, "outcome_note"))
    if not Referral.objects.filter(pk=referral.pk, state=current).update(
            state=state, outcome_note=note or referral.outcome_note,
            changed_at=timezone.now()):  # update() skips auto_now; the dashboard dates hires by it
        raise Conflict(_("Someone else recorded a step meanwhile; reload."),
                       code=TalentErrorCode.INVALID_TRANSITION, field="state")
    audit.record(actor=actor, action="referral_outcome", entity="referral",
                 entity_id=referral.pk, before={"state": current.value},
                 after={"state": state}, reason=note)
    referral.state = state
    return referral
