"""Who may do what in 创业联助: the actions, which roles hold them (declared in the manifest)
and one permission policy per scoped model.

Besides the place rules, two row rules: a unit's recruiters see and run their unit's
demands and the referrals made to them, and a resident sees and keeps their own reserve
profile and the referrals made of it."""

from __future__ import annotations

from shequ.accounts.roles import Role
from shequ.core.actors import is_system
from shequ.core.policies import ModelPolicy

from .models import AllianceMember, Demand, FollowUp, HelpSession, Profile, Recruiter, Referral


class Action:
    VIEW_TALENT = "view_talent"
    MANAGE_TALENT = "manage_talent"      # alliance, demands, reserve on a resident's behalf,
    #                                      referrals
    RECRUIT = "talent_recruit"           # a unit's recruiter: the menu to their unit's demands
    SELF_SERVICE = "talent_self_service"  # a resident: their own profile and posts for them


STAFF = {Action.VIEW_TALENT, Action.MANAGE_TALENT}
ROLE_ACTIONS: dict[str, set[str]] = {
    Role.DISTRICT_ADMIN: STAFF,
    Role.STREET_ADMIN: STAFF,
    Role.COMMUNITY_STAFF: STAFF,
    Role.SUPERVISOR: {Action.VIEW_TALENT},
    Role.GRID_WORKER: {Action.VIEW_TALENT},
    Role.UNIT_LIAISON: {Action.RECRUIT},
    Role.PARTY_MEMBER: {Action.SELF_SERVICE},
    Role.RESIDENT: {Action.SELF_SERVICE},
}


def recruiter_units(user) -> set[int]:
    """The units whose demands ``user`` posts and follows (cached on the user object)."""
    if is_system(user) or not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_talent_units", None)
    if cache is None:
        cache = set(Recruiter.objects.filter(user=user).values_list("unit_id", flat=True))
        user._talent_units = cache
    return cache


def is_recruiter(user) -> bool:
    """A menu predicate: the account recruits for at least one unit. Asked on every page,
    so only a role that may recruit costs the look-up."""
    return (getattr(user, "is_authenticated", False) and user.can(Action.RECRUIT)
            and bool(recruiter_units(user)))


class DemandPolicy(ModelPolicy):
    """A demand sits at its unit's place; the unit's recruiters act on it as staff do."""

    view_action = Action.VIEW_TALENT

    def allows(self, user, action, obj):
        if isinstance(obj, Demand) and action in STAFF and obj.unit_id in recruiter_units(user):
            return True
        return None


class ProfilePolicy(ModelPolicy):
    """A profile sits at the resident's home; the resident sees and keeps their own."""

    view_action = Action.VIEW_TALENT

    def allows(self, user, action, obj):
        if (isinstance(obj, Profile) and getattr(user, "is_authenticated", False)
                and obj.resident.user_id == user.pk):
            return action in (Action.VIEW_TALENT, Action.SELF_SERVICE)
        return None


class ReferralPolicy(ModelPolicy):
    """A referral sits at the resident's home (it names them). The post's recruiters see it
    and record its outcome; the resident sees their own."""

    view_action = Action.VIEW_TALENT

    def allows(self, user, action, obj):
        if not isinstance(obj, Referral) or not getattr(user, "is_authenticated", False):
            return None
        if obj.demand.unit_id in recruiter_units(user) and action in STAFF:
            return True
        if obj.profile.resident.user_id == user.pk:
            return action == Action.VIEW_TALENT
        return None


member_policy = ModelPolicy(AllianceMember, view_action=Action.VIEW_TALENT)
session_policy = ModelPolicy(HelpSession, view_action=Action.VIEW_TALENT)
followup_policy = ModelPolicy(FollowUp, view_action=Action.VIEW_TALENT)
demand_policy = DemandPolicy(Demand)
profile_policy = ProfilePolicy(Profile)
referral_policy = ReferralPolicy(Referral)

POLICIES = (member_policy, session_policy, followup_policy, demand_policy, profile_policy,
            referral_policy)


def may_post_for(user, unit) -> bool:
    """Whether ``user`` posts demands for ``unit``: its recruiter, or staff managing talent
    over the unit's place."""
    return unit.pk in recruiter_units(user) or demand_policy.can(user, Action.MANAGE_TALENT,
                                                                 unit.path)


def is_own_profile(user, profile) -> bool:
    return (getattr(user, "is_authenticated", False) and profile.resident.user_id is not None
            and profile.resident.user_id == user.pk)
