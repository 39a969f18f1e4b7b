"""The permission policies of the resident registry: residents (seen with ``view_people``,
changed with ``edit_people``, shown in clear with ``reveal_pii``) and party members
(``view_party``). Declared in the app's manifest; views and API ask these."""

from __future__ import annotations

from shequ.accounts.roles import Action
from shequ.core.policies import ModelPolicy

from .models import PartyMember, Resident


class ResidentPolicy(ModelPolicy):
    view_action = Action.VIEW_PEOPLE


class PartyMemberPolicy(ModelPolicy):
    view_action = Action.VIEW_PARTY


resident_policy = ResidentPolicy(Resident)
party_member_policy = PartyMemberPolicy(PartyMember)

POLICIES = (resident_policy, party_member_policy)
