"""The figures of 创业联助 for the dashboard: job posts still recruiting, residents whose
consent to the talent reserve stands, and referrals that ended in a hire in the period —
scoped through the talent policies (place only: a recruiter's own unit is not an area),
grouped per child area in one query each; each drills to its list filtered to the area
(and to what it counts)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, drill_to, per_child

from .models import DemandState, ReferralState
from .policies import Action, demand_policy, profile_policy, referral_policy

GROUP = _("Talent")


def _open_posts(actor, place, period):
    qs = demand_policy.instances_for(actor, Action.VIEW_TALENT).filter(
        state=DemandState.OPEN, deadline__gte=timezone.localdate())
    return per_child(qs, place)


def _reserve(actor, place, period):
    # What matching reads: consent standing, the resident still registered.
    qs = profile_policy.instances_for(actor, Action.VIEW_TALENT).filter(
        consented=True, resident__is_active=True)
    return per_child(qs, place)


def _hired(actor, place, period):
    # The outcome is the referral's last change (a hire is final: nothing changes it after).
    qs = referral_policy.instances_for(actor, Action.VIEW_TALENT).filter(
        state=ReferralState.HIRED, **period.moments("changed_at"))
    return per_child(qs, place)


def _figure(key, label, unit, compute, order, **kw):
    return Figure(key=f"talent.{key}", label=label, unit=unit, action=Action.VIEW_TALENT,
                  compute=compute, group=GROUP, order=order, **kw)


FIGURES = [
    _figure("open_posts", _("Job posts recruiting"), _("posts"), _open_posts, 85,
            drill_url=drill_to("talent:demand-list", state="recruiting")),
    # Cached: the join to the registry's residents is a scan of them at district scale
    # (7,600 profiles among 380,000 residents: 110 ms).
    _figure("reserve", _("Talent reserve"), _("people"), _reserve, 86, needs_cache=True,
            drill_url=drill_to("talent:profile-list", consented=1)),
    _figure("hired", _("Referrals hired"), _("people"), _hired, 87, timed=True,
            drill_url=drill_to("talent:referral-list", timed=True, state=ReferralState.HIRED)),
]
