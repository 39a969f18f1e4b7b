"""Where a record lies: the community of a path and the communities an actor works in."""

from shequ.accounts.roles import Action, Role
from shequ.territory.selectors import communities_for, community_of, community_path
from shequ.testing import factories


def test_community_of_a_path_below_and_above_community_level(tree):
    assert community_path(tree.grid1.path) == tree.community.path
    assert community_of(tree.grid1.path) == tree.community
    assert community_of(tree.community.path) == tree.community
    assert community_of(tree.street.path) is None


def test_communities_for_the_actor_only_and_grids_count_when_asked(tree):
    other = factories.Tree("8")
    staff = factories.user(Role.COMMUNITY_STAFF, tree.community)
    worker = factories.user(Role.GRID_WORKER, tree.grid1)
    assert list(communities_for(staff, Action.VIEW_PEOPLE)) == [tree.community]
    assert other.community not in communities_for(staff, Action.VIEW_PEOPLE)
    assert not communities_for(worker, Action.VIEW_PEOPLE).exists()
    assert list(communities_for(worker, Action.VIEW_PEOPLE, grids_count=True)) == [
        tree.community]
