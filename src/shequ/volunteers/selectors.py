"""Scoped reads of the volunteers app, gathered from its sub-domains (people, teams, needs,
records, the points bank) and the territory look-ups they share; other apps read through
this module."""

from .needs.selectors import *  # noqa: F403
from .people.selectors import *  # noqa: F403
from .places import *  # noqa: F403
from .points.selectors import *  # noqa: F403
from .records.selectors import *  # noqa: F403
from .teams.selectors import *  # noqa: F403
