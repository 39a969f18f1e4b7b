"""The scope engine: path ranges, minimal path sets, self records."""

from shequ.core.scoping import Scope
from shequ.registry.models import Resident
from shequ.testing import factories


def test_descendant_grants_collapse_into_their_ancestor():
    scope = Scope.of(["01.02.003", "01.02", "01.02.003.004", "01.05"])
    assert scope.paths == ("01.02", "01.05")


def test_covers_path_does_not_confuse_siblings_with_common_prefix():
    scope = Scope.of(["01.02.003"])
    assert scope.covers_path("01.02.003")
    assert scope.covers_path("01.02.003.010")
    assert not scope.covers_path("01.02.0030")
    assert not scope.covers_path("01.02.004")


def test_empty_scope_reaches_nothing(tree):
    factories.resident(tree.household1)
    assert not Resident.objects.in_scope(Scope()).exists()


def test_scope_range_selects_exactly_the_subtree(tree):
    # given residents in two grids
    a = factories.resident(tree.household1, name="甲")
    b = factories.resident(tree.household2, name="乙")
    # then a grid scope sees its own only, a community scope sees both
    assert list(Resident.objects.in_scope(Scope.of([tree.grid1.path]))) == [a]
    assert set(Resident.objects.in_scope(Scope.of([tree.community.path]))) == {a, b}


def test_self_scope_reaches_own_record_only(tree):
    a = factories.resident(tree.household1, name="甲")
    factories.resident(tree.household1, name="乙", relation="spouse")
    scope = Scope.of([], {"resident": [a.pk]})
    assert list(Resident.objects.in_scope(scope)) == [a]
