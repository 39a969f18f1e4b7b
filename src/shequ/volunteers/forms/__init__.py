"""HTML forms of the volunteers app: they parse input; the services decide."""

from .staff import *  # noqa: F403
from .work import *  # noqa: F403
from .work import BAND_LABELS, LEVELS, WEEKDAY_NAMES, WEEKDAYS  # noqa: F401
