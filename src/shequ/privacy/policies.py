"""Who handles residents' requests about their personal data (PIPL art. 44–48): the
actions, which roles hold them (declared in the app's manifest) and the permission policy
of a data request."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.policies import ModelPolicy

from .models import DataRequest


class Action:
    # Log a resident's request, see the open ones with their deadlines, close them.
    HANDLE_REQUESTS = "handle_data_requests"
    # Residents and party members: download what the registry holds about them.
    OWN_DATA = "own_data"


ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: {Action.HANDLE_REQUESTS},
    Role.STREET_ADMIN: {Action.HANDLE_REQUESTS},
    Role.COMMUNITY_STAFF: {Action.HANDLE_REQUESTS},
    Role.RESIDENT: {Action.OWN_DATA},
    Role.PARTY_MEMBER: {Action.OWN_DATA},
}


class DataRequestPolicy(ModelPolicy):
    """A request sits at the resident's home; its handlers hold HANDLE_REQUESTS there (and
    whoever does not is told it does not exist)."""

    view_action = Action.HANDLE_REQUESTS


data_requests = DataRequestPolicy(DataRequest)

POLICIES = (data_requests,)
