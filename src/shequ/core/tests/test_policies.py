"""The permission policy framework: can / require / instances_for over the scoping engine,
the explicit system actor, and the role table composed from the apps' manifests."""

import pytest

from shequ.accounts.roles import ROLE_ACTIONS, Action, Role
from shequ.core import manifest
from shequ.core.actors import SYSTEM, is_system
from shequ.core.errors import Forbidden, NotFound
from shequ.core.policies import ModelPolicy, policy_for
from shequ.privacy.models import DataRequest
from shequ.privacy.policies import Action as PrivacyAction
from shequ.privacy.policies import data_requests
from shequ.registry.models import Resident
from shequ.testing import factories

residents = ModelPolicy(Resident, view_action=Action.VIEW_PEOPLE)


def test_system_is_one_actor_allowed_everything_and_no_signed_in_user(tree):
    a = factories.resident(tree.household1)
    assert is_system(SYSTEM) and not is_system(None)
    assert not SYSTEM.is_authenticated
    assert residents.can(SYSTEM, Action.EDIT_PEOPLE, a)
    residents.require(SYSTEM, Action.MANAGE_ACCOUNTS, a)
    assert list(residents.instances_for(SYSTEM)) == [a]


def test_nobody_is_refused_everything(tree):
    a = factories.resident(tree.household1)
    assert not residents.can(None, Action.VIEW_PEOPLE, a)
    with pytest.raises(NotFound):
        residents.require(None, Action.VIEW_PEOPLE, a)
    assert not residents.instances_for(None).exists()


def test_can_follows_the_grant_subtree(tree):
    a = factories.resident(tree.household1, name="甲")
    b = factories.resident(tree.household2, name="乙")
    worker = factories.user(Role.GRID_WORKER, tree.grid1)
    assert residents.can(worker, Action.VIEW_PEOPLE, a)
    assert not residents.can(worker, Action.VIEW_PEOPLE, b)
    # a path is accepted in place of a record
    assert residents.can(worker, Action.VIEW_PEOPLE, tree.grid1.path)
    assert list(residents.instances_for(worker, Action.VIEW_PEOPLE)) == [a]


def test_require_hides_what_the_user_cannot_see_and_forbids_what_they_only_see(tree):
    a = factories.resident(tree.household1, name="甲")
    b = factories.resident(tree.household2, name="乙")
    supervisor = factories.user(Role.SUPERVISOR, tree.grid1)
    residents.require(supervisor, Action.VIEW_PEOPLE, a)
    with pytest.raises(Forbidden):
        residents.require(supervisor, Action.EDIT_PEOPLE, a)
    with pytest.raises(NotFound):
        residents.require(supervisor, Action.EDIT_PEOPLE, b)


def test_row_rules_of_a_subclass_decide_before_the_place(tree):
    a = factories.resident(tree.household1, name="甲")

    class OwnOnly(ModelPolicy):
        view_action = Action.VIEW_PEOPLE

        def allows(self, user, action, obj):
            return obj.user_id == user.pk if action == "own" else None

    user = factories.user(Role.RESIDENT, tree.grid1)
    assert not OwnOnly(Resident).can(user, "own", a)
    a.user = user
    assert OwnOnly(Resident).can(user, "own", a)


def test_a_policy_needs_a_view_action():
    with pytest.raises(ValueError):
        ModelPolicy(Resident)


def test_apps_register_their_policies_and_role_actions_through_one_manifest():
    assert policy_for(DataRequest) is data_requests
    assert policy_for(DataRequest(path="01")) is data_requests
    with pytest.raises(LookupError):
        policy_for(object)
    # the role table is the accounts' base table plus what each manifest declares; the
    # accounts table itself is not changed by anyone
    table = manifest.role_actions()
    assert ROLE_ACTIONS[Role.COMMUNITY_STAFF] < table[Role.COMMUNITY_STAFF]
    assert PrivacyAction.HANDLE_REQUESTS in table[Role.COMMUNITY_STAFF]
    assert PrivacyAction.HANDLE_REQUESTS not in ROLE_ACTIONS[Role.COMMUNITY_STAFF]
    with pytest.raises(TypeError):
        ROLE_ACTIONS[Role.RESIDENT] = frozenset({"anything"})
    assert manifest.get("privacy").path_followers[0].model is DataRequest
    assert {m.label for m in manifest.manifests()} >= {
        "core", "accounts", "territory", "registry", "privacy", "ledgers", "volunteers"}


def test_places_are_the_territory_grants_not_own_records(tree):
    staff = factories.user(Role.COMMUNITY_STAFF, tree.community)
    resident = factories.user(Role.RESIDENT, tree.grid1)
    assert residents.places(staff) == (tree.community.path,)
    assert residents.places(resident) == ()
    assert residents.places(None) == ()
