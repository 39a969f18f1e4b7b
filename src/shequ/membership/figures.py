"""The online party branch's figures for the dashboard: members in dues arrears (a month
from their start to this one without a payment — what the branch's arrears list shows)
and membership transfers not yet confirmed — scoped through the branch policies, grouped
per child area of the branch in one query each. Arrears drill to the branches of the area
(each branch's page lists who owes: there is no arrears list across branches), pending
transfers to the transfer list of those leaving the area."""

from __future__ import annotations

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.figures import Figure, drill_to, per_child

from .models import OPEN_STATES, DuesPayment, Transfer, TransferState
from .policies import Action, dues_policy, transfer_policy


def _arrears(actor, place, period):
    """Members owing dues in one query: the months due since their start (this month
    included) against the months paid in that span (one payment a month at most)."""
    today = timezone.localdate()
    paid = (DuesPayment.objects.filter(member=OuterRef("member"), month__gte=OuterRef("since"),
                                       month__lte=today.replace(day=1))
            .order_by().values("member").annotate(n=Count("pk")).values("n"))
    left = Transfer.objects.filter(member=OuterRef("member"), state=TransferState.CONFIRMED,
                                   to_org__isnull=True)
    due = (today.year * 12 + today.month) - (ExtractYear("since") * 12 + ExtractMonth("since")) + 1
    qs = (dues_policy.instances_for(actor, Action.VIEW_BRANCH).exclude(Exists(left))
          .annotate(due=due, paid=Coalesce(Subquery(paid, output_field=IntegerField()), 0))
          .filter(paid__lt=F("due")))
    return per_child(qs, place)


def _transfers(actor, place, period):
    # Counted at the sending branch, so a transfer inside the district counts once.
    return per_child(transfer_policy.instances_for(actor, Action.VIEW_BRANCH)
                     .filter(state__in=OPEN_STATES), place)


FIGURES = [
    # Cached: every member's months at district scale (15,600 members, 70,000 payments in
    # the district demo: 50 ms, growing with the months).
    Figure(key="membership.dues_arrears", label=_("Members in dues arrears"),
           unit=_("people"), action=Action.VIEW_BRANCH, compute=_arrears, needs_cache=True,
           drill_url=drill_to("membership:branch-list"), group=_("Party"), order=24),
    Figure(key="membership.transfers_pending", label=_("Membership transfers pending"),
           unit=_("transfers"), action=Action.VIEW_BRANCH, compute=_transfers,
           drill_url=drill_to("membership:transfer-list", direction="out", state="open"),
           group=_("Party"), order=25),
]
