"""Who may do what in 民生联解: the actions, which roles hold them (declared in the app's
manifest) and one permission policy per scoped model.

Staff act by place: a catalogue item at the area that offers it, a request, an
authorisation and a visit at the resident's home, an opinion at its community. A resident
acts on their own requests (ask, withdraw, rate), checked on the row in
:meth:`ServicePolicy.allows`."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy
from shequ.registry.selectors import resident_of

from .models import Authorisation, CatalogueItem, Opinion, OpinionSession, ServiceRequest, Visit


class Action:
    VIEW_SERVICES = "view_services"
    MANAGE_CATALOGUE = "manage_service_catalogue"
    HANDLE_REQUESTS = "handle_service_requests"  # take in, 代办, hand off, complete, visits
    RECORD_OPINIONS = "record_opinions"  # 民情说吧 / 民情代述
    SELF_SERVICE = "services_self_service"  # a resident's own requests


_STAFF = {Action.VIEW_SERVICES, Action.HANDLE_REQUESTS, Action.RECORD_OPINIONS}

ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: _STAFF | {Action.MANAGE_CATALOGUE},
    Role.STREET_ADMIN: _STAFF | {Action.MANAGE_CATALOGUE},
    Role.COMMUNITY_STAFF: _STAFF | {Action.MANAGE_CATALOGUE},
    Role.GRID_WORKER: set(_STAFF),
    Role.SUPERVISOR: {Action.VIEW_SERVICES},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
    Role.RESIDENT: {Action.SELF_SERVICE},
}

# What a resident may do to their own request.
OWN_ROW_ACTIONS = {Action.VIEW_SERVICES, Action.SELF_SERVICE}


def own_resident_id(user) -> int | None:
    if user is None or is_system(user) or not getattr(user, "is_authenticated", False):
        return None
    resident = resident_of(user)
    return resident.pk if resident is not None and resident.is_active else None


class ServicePolicy(ModelPolicy):
    """Rows sit at their place; staff who cannot see one are told it does not exist. A
    resident sees and acts on their own requests wherever they are."""

    view_action = Action.VIEW_SERVICES

    def allows(self, user, action, obj):
        if action not in OWN_ROW_ACTIONS or not isinstance(obj, ServiceRequest):
            return None
        mine = own_resident_id(user)
        if mine is not None and obj.resident_id == mine:
            return True
        return None


item_policy = ServicePolicy(CatalogueItem)
request_policy = ServicePolicy(ServiceRequest)
authorisation_policy = ServicePolicy(Authorisation)
visit_policy = ServicePolicy(Visit)
session_policy = ServicePolicy(OpinionSession)
opinion_policy = ServicePolicy(Opinion)

POLICIES = (item_policy, request_policy, authorisation_policy, visit_policy, session_policy,
            opinion_policy)
