"""Who handles residents' requests about their personal data (PIPL art. 44–48). Roles get
these actions through ``register_role_actions`` in ``PrivacyConfig.ready()``."""

from __future__ import annotations

from shequ.accounts.roles import Role


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
