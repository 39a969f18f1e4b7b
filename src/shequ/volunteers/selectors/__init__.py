"""Scoped reads of the volunteers app (people and work, teams and projects, the points
bank)."""

from .people import *  # noqa: F403
from .points import *  # noqa: F403
from .teams import *  # noqa: F403
