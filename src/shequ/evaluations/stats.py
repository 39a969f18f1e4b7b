"""The figures evaluations offer the dashboard (``AppManifest.stats``): open rounds, their
responses, and commitments published, reported and overdue — all scoped."""

from __future__ import annotations

from django.utils import timezone

from . import selectors


def evaluation_figures(user) -> dict:
    now = timezone.now()
    rounds = selectors.round_list(actor=user).filter(opens_at__lte=now, closes_at__gt=now)
    commitments = selectors.commitment_list(actor=user)
    return {
        "evaluation_rounds_open": rounds.count(),
        "commitments": commitments.count(),
        "commitments_reported": commitments.filter(state="reported").count(),
        "commitments_overdue": selectors.commitment_list(actor=user, overdue=True).count(),
    }
