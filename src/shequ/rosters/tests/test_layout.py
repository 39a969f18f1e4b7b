"""Sheet layout: header rows that are not the first, merged titles, two-row headers, header
aliases, extra columns, footers and blank rows, CSV encodings, and the ways addresses are
written."""

import pytest

from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.registry.models import Resident
from shequ.rosters.planning import plan_import
from shequ.rosters.services import import_file
from shequ.territory.models import Building, Household

from .conftest import person, row


def _plan(path, tree, **kw):
    return plan_import(path=path, community=tree.community, **kw)


def test_header_on_row_three_under_a_merged_title(tree, book):
    # given a merged title on row 1, a blank row 2 and the header on row 3
    path = book([row(1), row(2, "李四")], top=[["翠屏社区居民信息登记台账"], []],
                merge=["A1:J1"])
    # when
    plan = _plan(path, tree)
    # then data starts on row 4 and both rows are read
    assert plan.header.row_index + 1 == 3
    assert [r.number for r in plan.rows] == [4, 5]
    assert plan.counts()["new"] == 2


def test_two_row_header_with_address_split_below(tree, book):
    # given 现住址 merged over 小区/楼栋/单元/房号 on the next header row
    top = [["序号", "姓名", "身份证号码", "现住址", None, None, None, "联系电话"],
           [None, None, None, "小区", "楼栋", "单元", "房号", None]]
    path = book([[1, "张三", person(1), "金竹苑", "7", "2", "302", "13800138000"]],
                header=None, top=top, merge=["D1:G1", "A1:A2", "B1:B2", "C1:C2", "H1:H2"])
    # when
    plan = _plan(path, tree)
    # then
    assert plan.header.columns["building"] == 4 and plan.header.columns["phone"] == 7
    assert plan.counts()["new"] == 1


def test_header_aliases_and_extra_columns_are_reported(tree, book):
    # given other names for the columns and two columns Shequ does not know
    header = ["编号", "居民姓名", "公民身份号码", "手机号码", "居住地址", "户籍地址", "文化程度",
              "工作单位（全称）"]
    path = book([[1, "张三", person(1), "13800138000", "金竹苑7栋2单元302", "四川达州",
                  "大学", "某公司"]], header=header)
    # when
    plan = _plan(path, tree)
    # then
    fields = {m["field"]: m["column"] for m in plan.header.mapping()}
    assert fields["id_number"] == "公民身份号码" and fields["phone"] == "手机号码"
    assert fields["address"] == "居住地址" and fields["hukou_address"] == "户籍地址"
    assert plan.header.ignored == ["文化程度", "工作单位（全称）"]
    assert plan.counts()["new"] == 1


def test_a_sheet_without_the_required_columns_is_refused(tree, book):
    path = book([["张三", "男"]], header=["姓名", "性别", "民族"])
    with pytest.raises(DomainError) as exc:
        _plan(path, tree)
    assert exc.value.code in {"no_header", "missing_columns"}


def test_footer_and_blank_rows_are_not_data(tree, book):
    # given blank rows between data, numbered empty rows and a signature footer
    rows = [row(1), [], [None, None, "   "], row(2, "李四"), [3], ["合计", "2人"],
            ["制表人：王五", None, None, "审核人：赵六"], ["审核人：赵六"]]
    path = book(rows)
    # when
    plan = _plan(path, tree)
    # then
    assert [r.number for r in plan.rows] == [2, 5]
    assert plan.skipped_footer == 3
    assert plan.skipped_blank == 3
    assert plan.counts() == {"new": 2, "updated": 0, "unchanged": 0, "rejected": 0, "total": 2}


def test_csv_in_utf8_with_bom_and_in_gbk(tree, csv_file):
    lines = [["姓名", "身份证号码", "现住址", "联系电话"],
             ["张三", person(1), "金竹苑7栋2单元302", "13800138000"],
             ["張四", person(2), "金竹苑7-2-302", "+86 138 0013 8001"]]
    for encoding in ("utf-8-sig", "gbk", "utf-8"):
        # given
        path = csv_file(lines if encoding != "gbk" else [[c.replace("張", "张") for c in ln]
                                                         for ln in lines],
                        encoding=encoding, name=f"r-{encoding}.csv")
        # when
        plan = _plan(path, tree)
        # then
        assert plan.counts()["new"] == 2, (encoding, plan.report())


@pytest.mark.parametrize("address", [
    "金竹苑7栋2单元302", "金竹苑7-2-302", "金竹苑7幢2单元302室", "金竹苑 7号楼 2单元 302",
    "翠屏社区金竹苑7栋2单元302", "达川区翠屏街道翠屏社区金竹苑7-2-302", "7幢2单元302室",
    "金竹苑小区7栋2单元302",
])
def test_combined_addresses_are_understood(tree, book, address):
    # given the same room written in many ways
    path = book([["张三", person(1), address]], header=["姓名", "身份证号码", "现住址"])
    # when
    import_file(actor=SYSTEM, path=path, community=tree.community)
    # then
    assert Resident.objects.get().household == tree.household1


def test_separate_address_columns_with_bare_numbers(tree, book):
    path = book([row(1, address=("金竹苑", 7, "2", "302室"))])
    import_file(actor=SYSTEM, path=path, community=tree.community)
    assert Resident.objects.get().household == tree.household1


def test_unknown_and_unreadable_addresses_are_rejected(tree, book):
    path = book([["甲", person(1), "金竹苑9栋2单元302"], ["乙", person(2), "金竹苑302"],
                 ["丙", person(3), "滨河花园1-1-101"]], header=["姓名", "身份证号码", "现住址"])
    plan = _plan(path, tree)
    codes = {r.number: [c for c, _f, _m in r.errors] for r in plan.rejected}
    assert codes == {2: ["address_unknown"], 3: ["address_unparsed"], 4: ["address_unknown"]}


def test_building_the_structure_on_a_first_import(tree, book):
    # given a community without residents, a roster naming new compounds and rooms
    path = book([["甲", person(1), "凤凰小区8-2-501"], ["乙", person(2), "凤凰小区8-2-501"],
                 ["丙", person(3), "金竹苑7栋2单元303"], ["丁", person(4), "9幢1单元101"]],
                header=["姓名", "身份证号码", "现住址"])
    # when building into the second grid
    result = import_file(actor=SYSTEM, path=path, community=tree.community,
                         build_structure=True, grid=tree.grid2,
                         confirm_structure=True)
    # then new buildings sit in that grid; existing ones are reused; a new building
    # without a compound is refused rather than guessed
    assert {r.number: [c for c, _f, _m in r.errors] for r in result.plan.rejected} == {
        5: ["address_no_compound"]}
    b = Building.objects.get(compound__name="凤凰小区", name="8栋")
    assert b.grid == tree.grid2 and b.path == tree.grid2.path
    h = Household.objects.get(entrance__building=b, room="501")
    assert h.address == "凤凰小区8栋2单元501"
    assert Resident.objects.filter(household=h).count() == 2
    assert Household.objects.filter(entrance=tree.household1.entrance, room="303").exists()


def test_legacy_xls_workbooks_are_read_like_xlsx(tree, tmp_path):
    """Old communities still save as Excel 97-2003 (.xls): a title row, an ID stored as text,
    a date cell, a phone stored as a number, one bad row — read through calamine."""
    import datetime as dt

    import xlwt

    from shequ.registry.models import Resident
    from shequ.rosters.planning import plan_import
    from shequ.rosters.services import import_file

    from .conftest import HEADER, person

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("人口台账")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    ws.write(0, 0, "沙坝社区人口信息台账")
    for c, name in enumerate([*HEADER, "出生日期"]):
        ws.write(1, c, name)
    good = [1, "张三", "男", person(1), 13800138000, "金竹苑", "7栋", "2单元", "302", "户主"]
    wrong_check = person(2)[:-1] + ("1" if person(2).endswith("0") else "0")
    bad = [2, "李四", "女", wrong_check, "13800138001", "金竹苑", "7栋", "2单元", "302", "配偶"]
    for r, values in enumerate([good, bad], start=2):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    ws.write(2, len(HEADER), dt.date(1980, 5, 17), date_style)
    path = tmp_path / "roster.xls"
    wb.save(str(path))
    # when
    plan = plan_import(path=path, community=tree.community)
    import_file(actor=SYSTEM, path=path, community=tree.community)
    # then: the good row is in, the bad check digit is rejected with its row number
    assert [r.number for r in plan.rejected] == [4]
    resident = Resident.objects.get()
    assert resident.name == "张三"
    assert resident.phone_masked == "138****8000"
    assert resident.birth_date == dt.date(1980, 5, 17)
