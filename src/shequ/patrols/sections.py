"""The 平安楼栋 section of the building page (registered as a ``core.sections.Section``):
this month's rating — or last month's while this one is not computed yet — for staff who
may see patrols there."""

from __future__ import annotations

from django.utils import timezone

from . import selectors
from .policies import Action, rating_policy
from .services import FORMULA


def building_rating(user, building) -> dict | None:
    if not rating_policy.can(user, Action.VIEW_PATROLS, building.path):
        return None
    month = timezone.localdate().replace(day=1)
    rating = selectors.building_rating(user, building, month)
    if rating is None:
        last = (month - timezone.timedelta(days=1)).replace(day=1)
        rating = selectors.building_rating(user, building, last)
    return {"rating": rating, "formula": FORMULA}
