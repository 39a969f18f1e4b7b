"""The permission policy of the territory tree: who may see a district, street, community
or grid (and so follow a link to it). Declared in the app's manifest."""

from __future__ import annotations

from shequ.core.policies import ModelPolicy

from .models import Area
from .selectors import VIEW


class AreaPolicy(ModelPolicy):
    view_action = VIEW


area_policy = AreaPolicy(Area)

POLICIES = (area_policy,)
