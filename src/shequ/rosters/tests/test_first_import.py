"""A first import builds the community's housing from the roster in bulk: a few statements
per level whatever the number of rows, with the names, addresses and scoping paths the
territory services give, and a second run of the same file changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.rosters.services import import_file
from shequ.territory.models import Building, Compound, Entrance, Household
from shequ.territory.services import household_address

from .conftest import person, row


def _import(path, community, **kw):
    return import_file(actor=SYSTEM, path=path, community=community, build_structure=True,
                       confirm_structure=True, **kw)


def _roster(n: int, start: int = 0) -> list[list]:
    """``n`` people spread over two new compounds, 5 buildings, 3 entrances, many rooms."""
    return [row(start + i, id_number=person((start + i) % 450,
                                            birth=dt.date(1950 + (start + i) // 450, 1, 1)),
                address=(("滨河花园", "凤凰小区")[i % 2], f"{i % 5 + 1}栋",
                                    f"{i % 3 + 1}单元", f"{i // 30 + 1}0{i % 4 + 1}"),
                relation="其他")
            for i in range(n)]


def _commit_statements(book, community, n: int, start: int) -> tuple[int, int]:
    path = book(_roster(n, start))
    with CaptureQueriesContext(connection) as ctx:
        result = _import(path, community)
    assert result.committed and result.counts["new"] == n
    return len(ctx.captured_queries), result.plan.new_structure()["households"]


@pytest.mark.django_db(transaction=False)
def test_building_the_housing_takes_the_same_statements_for_ten_or_ten_times_more_rows(
        tree, book):
    """The housing and the people are written in bulk: the statements do not grow with
    the rows (the old per-room get_or_create took four or more per room)."""
    # given two communities without this housing, and rosters of 30 and 300 people
    from shequ.testing.factories import Tree

    other = Tree()
    # when
    small, small_rooms = _commit_statements(book, tree.community, 30, 0)
    large, large_rooms = _commit_statements(book, other.community, 300, 1000)
    # then ten times the rooms, the same number of statements
    assert large_rooms >= 5 * small_rooms
    assert large == small, (small, large)


def test_the_housing_built_has_the_territory_names_addresses_and_paths(tree, book):
    # given a roster naming existing housing, a new room of an existing entrance, a new
    # entrance of an existing building, a new compound written two ways, and an address
    # without its compound naming an existing building
    path = book([
        row(1, "甲一", address=("金竹苑", "7栋", "2单元", "302"), relation="户主"),
        row(2, "甲二", address=("金竹苑", "7", "2", "303室"), relation="户主"),
        row(3, "甲三", address=("金竹苑", "7号楼", "3单元", "101"), relation="户主"),
        row(4, "甲四", address=("滨河花园小区", "5栋", "1单元", "201"), relation="户主"),
        row(5, "甲五", address=("滨河花园", "5幢", "1", "201"), relation="配偶"),
        row(6, "甲六", address=("", "8栋", "1单元", "502"), relation="户主"),
        row(7, "甲七", address=("金竹苑", "8栋", "1单元", "502"), relation="配偶"),
    ])
    before_audit = AuditEvent.objects.count()
    # when
    result = _import(path, tree.community, grid=tree.grid2)
    # then
    assert result.committed and result.counts["new"] == 7, result.plan.report()
    assert sorted(Compound.objects.values_list("name", flat=True)) == ["滨河花园小区", "金竹苑"]
    new_compound = Compound.objects.get(name="滨河花园小区")
    assert new_compound.path == tree.community.path
    building = Building.objects.get(compound=new_compound)
    assert (building.name, building.grid_id, building.path) == ("5栋", tree.grid2.pk,
                                                                 tree.grid2.path)
    assert Building.objects.count() == 3  # 7栋, 8栋 and the new 5栋
    assert set(Entrance.objects.values_list("name", flat=True)) == {"1单元", "2单元", "3单元"}
    for e in Entrance.objects.select_related("building"):
        assert e.path == e.building.path
    rooms = {h.address: h for h in Household.objects.select_related(
        "entrance__building__compound")}
    assert set(rooms) == {"金竹苑7栋2单元302", "金竹苑7栋2单元303", "金竹苑7栋3单元101",
                          "滨河花园小区5栋1单元201", "金竹苑8栋1单元501", "金竹苑8栋1单元502"}
    for h in rooms.values():
        assert h.address == household_address(h.entrance, h.room)
        assert h.path == h.entrance.path == h.entrance.building.grid.path
    # the 7栋 rooms stay in 7栋's grid (grid1), not the grid chosen for new buildings
    assert rooms["金竹苑7栋3单元101"].path == tree.grid1.path
    for r in Resident.objects.select_related("household"):
        assert r.path == r.household.path
    assert Resident.objects.get(name="甲五").household == rooms["滨河花园小区5栋1单元201"]
    assert Resident.objects.get(name="甲七").household == rooms["金竹苑8栋1单元502"]
    # one audit record for the import, as before
    assert AuditEvent.objects.count() == before_audit + 1
    # when the same file is imported again
    housing = (Compound.objects.count(), Building.objects.count(), Entrance.objects.count(),
               Household.objects.count())
    again = _import(path, tree.community, grid=tree.grid2)
    # then nothing changes
    assert again.counts == {"new": 0, "updated": 0, "unchanged": 7, "rejected": 0, "total": 7}
    assert housing == (Compound.objects.count(), Building.objects.count(),
                       Entrance.objects.count(), Household.objects.count())
    assert AuditEvent.objects.count() == before_audit + 1


def test_housing_that_does_not_fit_is_refused_per_row_and_nothing_is_built_for_it(tree, book):
    # given one good row and one whose room is longer than the column
    path = book([row(1, "乙一", address=("凤凰小区", "1栋", "1单元", "101")),
                 row(2, "乙二", address=("凤凰小区", "2栋", "1单元", "1" * 30))])
    # when
    result = _import(path, tree.community)
    # then
    assert result.counts["new"] == 1 and result.counts["rejected"] == 1
    assert result.plan.rejected[0].errors[0][0] == "address_too_long"
    assert not Building.objects.filter(name="2栋").exists()
    assert Household.objects.filter(address="凤凰小区1栋1单元101").exists()


def test_a_later_cli_import_adds_buildings_and_the_same_command_again_changes_nothing(
        tree, book):
    # given a first import through the CLI that built its housing
    import io

    from django.core.management import call_command

    def run(path) -> str:
        out = io.StringIO()
        call_command("import-residents", str(path), "--community", tree.community.code,
                     "--build-structure", "--confirm-structure", stdout=out)
        return out.getvalue().splitlines()[-1]

    assert run(book(_roster(12))) == "imported: 12 new, 0 updated, 0 unchanged, 0 rejected " \
                                     "(of 12 rows)"
    # when a later roster names new buildings in those compounds and a new compound
    later = book(_roster(12) + [
        row(500, "丙一", address=("滨河花园", "9栋", "1单元", "101"), relation="户主"),
        row(501, "丙二", address=("翠屏小区", "1栋", "2单元", "202"), relation="户主")])
    # then it adds them
    assert run(later) == "imported: 2 new, 0 updated, 12 unchanged, 0 rejected (of 14 rows)"
    assert Building.objects.filter(compound__name="滨河花园", name="9栋").exists()
    assert Household.objects.filter(address="翠屏小区1栋2单元202").exists()
    # when the same command runs again, it succeeds and changes nothing
    housing = Household.objects.count(), Building.objects.count(), Compound.objects.count()
    audits = AuditEvent.objects.count()
    assert run(later) == "imported: 0 new, 0 updated, 14 unchanged, 0 rejected (of 14 rows)"
    assert housing == (Household.objects.count(), Building.objects.count(),
                       Compound.objects.count())
    assert AuditEvent.objects.count() == audits
