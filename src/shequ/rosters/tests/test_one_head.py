"""An import never gives a household a second head (户主): the row is rejected with the
reason in the error workbook; a file that hands the role over from one person to another
is applied in an order that keeps one head at every step."""

from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.registry.models import Resident
from shequ.rosters.errorbook import write_error_workbook
from shequ.rosters.services import import_file
from shequ.testing import factories

from .conftest import person, row


def test_a_row_adding_a_second_head_is_rejected_with_the_reason(tree, book, tmp_path):
    """The registered head stands; the row names them, in the error workbook too."""
    # given a household whose head is registered
    factories.resident(tree.household1, name="叶玉", relation="head",
                       id_number=person(50, gender="F"))
    path = book([row(1, "罗洋", relation="户主"), row(2, "马霞", relation="女")])
    # when
    result = import_file(actor=SYSTEM, path=path, community=tree.community)
    # then
    [rejected] = result.plan.rejected
    assert rejected.number == 2
    assert [(c, f) for c, f, _m in rejected.errors] == [("household_has_head", "relation")]
    assert "叶玉" in rejected.errors[0][2]
    assert result.counts["new"] == 1
    assert Resident.objects.filter(household=tree.household1, relation="head").count() == 1
    # and the error workbook gives the reason next to the row
    out = tmp_path / "errors.xlsx"
    write_error_workbook(result.plan, out)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert "叶玉" in rows[1][-2] and rows[1][-1] == 2


def test_two_heads_for_one_new_flat_keep_the_first(tree, book):
    """In a flat the file creates, the first 户主 row stands and the next is rejected,
    naming the first one's row."""
    # given
    flat = ("滨河花园", "5栋", "1单元", "602")
    path = book([row(1, "任凯", relation="户主", address=flat),
                 row(2, "戴兰峰", relation="户主", address=flat)])
    # when
    result = import_file(actor=SYSTEM, path=path, community=tree.community,
                         build_structure=True, confirm_structure=True)
    # then
    [rejected] = result.plan.rejected
    assert rejected.number == 3 and "任凯" in rejected.errors[0][2] and "2" in rejected.errors[0][2]
    assert Resident.objects.filter(relation="head").count() == 1


def test_handing_the_role_over_in_one_file_is_applied(tree, book):
    """The old head becomes 配偶 and a new person is 户主, in either order in the file;
    importing the same file again changes nothing."""
    # given
    old = factories.resident(tree.household1, name="叶玉", relation="head",
                             id_number=person(1, gender="F"))
    old.id_number = person(1, gender="F")
    path = book([row(2, "罗洋", relation="户主"),
                 row(1, "叶玉", id_number=old.id_number, relation="配偶", gender="女")])
    # when
    first = import_file(actor=SYSTEM, path=path, community=tree.community)
    again = import_file(actor=SYSTEM, path=path, community=tree.community)
    # then
    assert first.counts["rejected"] == 0, first.plan.report()["rejected"]
    assert first.counts["new"] == 1 and first.counts["updated"] == 1
    heads = Resident.objects.filter(household=tree.household1, relation="head")
    assert [h.name for h in heads] == ["罗洋"]
    assert again.counts["unchanged"] == 2 and again.counts["rejected"] == 0

