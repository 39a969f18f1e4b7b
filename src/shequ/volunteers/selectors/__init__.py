"""Scoped reads of the volunteers app (people and work, the points bank)."""

from .people import *  # noqa: F403
from .points import *  # noqa: F403
