"""The volunteers app's JSON API (/api/v1/volunteers/): one router per sub-domain, each
module's docstring lists its endpoints, limited to the caller's scope.

people/api.py    volunteers, the managed skill list
teams/api.py     teams (organisations) and service projects
needs/api.py     needs, matching, assignments
records/api.py   check-in/out, attendance, hours entered by hand, verification
points/api.py    the points bank (under points/)
"""

from ninja import Router

from .needs.api import router as needs_router
from .people.api import router as people_router
from .points.api import router as points_router
from .records.api import router as records_router
from .teams.api import router as teams_router

router = Router(tags=["volunteers"])
router.add_router("", people_router)
router.add_router("", needs_router)
router.add_router("", records_router)
router.add_router("/points", points_router)
router.add_router("", teams_router)
