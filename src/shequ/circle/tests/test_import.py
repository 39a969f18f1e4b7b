"""Importing an office's list of service points through the set-up pipeline: any column
order and title rows, an office's words for categories, one coordinates column, rejected
rows with reasons and nothing half-written, and a second import that changes nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from shequ.circle.models import ServicePoint
from shequ.core.actors import SYSTEM
from shequ.imports import services
from shequ.imports.pipeline import ALL_OR_NOTHING

pytestmark = pytest.mark.django_db


def book(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def run(path, into, **kw):
    return services.import_file(actor=kw.pop("actor", SYSTEM), kind="service_points",
                                path=path, into=into, **kw)


def rejected(result) -> dict[int, list[str]]:
    return {r.number: [c for c, _f, _m in r.errors] for r in result.rejected}


@pytest.fixture
def office_list(tmp_path):
    """Another office's layout: a title row, columns in its own order and words."""
    return book(tmp_path / "网点.xlsx", [
        ["翠屏街道便民服务网点一览表"],
        ["序号", "机构名称", "所属社区", "营业时间", "经纬度", "业态", "联系电话"],
        [1, "工商银行翠屏支行", "翠屏社区", "9:00-17:00", "107.5010,31.2010", "银行", "0818-1234567"],
        [2, "翠屏社区卫生服务站", "翠屏社区", "8:00-18:00", "31.2020，107.5020", "社区卫生服务站", ""],
        [3, "老街菜市场", "翠屏社区", "6:00-19:00", "", "农贸市场", ""],
        [4, "宠物乐园", "翠屏社区", "", "", "宠物店", ""],
        [5, "某营业厅", "不存在社区", "", "", "电信", ""],
        [6, "半个坐标", "翠屏社区", "", "107.5", "药店", ""],
        ["合计", "", "", "", "", "", ""],
    ])


def test_an_offices_layout_is_read_and_bad_rows_are_listed_with_reasons(tree, office_list):
    result = run(office_list, tree.street)
    assert result.counts()["new"] == 3 and result.counts()["rejected"] == 3
    assert rejected(result) == {6: ["point_category_unknown"], 7: ["area_unknown"],
                                8: ["coordinates_incomplete"]}
    bank = ServicePoint.objects.get(name="工商银行翠屏支行")
    clinic = ServicePoint.objects.get(name="翠屏社区卫生服务站")
    market = ServicePoint.objects.get(name="老街菜市场")
    assert (bank.category, str(bank.lat), str(bank.lng)) == ("bank", "31.201000", "107.501000")
    assert (clinic.category, str(clinic.lat)) == ("clinic", "31.202000")
    assert market.category == "market" and not market.located  # kept, without coordinates
    assert bank.opening_hours == "9:00-17:00"


def test_a_second_import_of_the_same_file_changes_nothing(tree, office_list):
    run(office_list, tree.street)
    again = run(office_list, tree.street)
    assert again.counts()["unchanged"] == 3 and again.counts()["new"] == 0
    assert ServicePoint.objects.count() == 3


def test_all_or_nothing_writes_nothing_while_a_row_is_rejected(tree, office_list):
    result = run(office_list, tree.street, mode=ALL_OR_NOTHING)
    assert not result.committed and not ServicePoint.objects.exists()


def test_a_dry_run_writes_nothing(tree, office_list):
    result = run(office_list, tree.street, dry_run=True)
    assert result.counts()["new"] == 3 and not ServicePoint.objects.exists()


def test_two_coordinate_columns_in_another_order(tree, tmp_path):
    path = book(tmp_path / "b.xlsx", [
        ["纬度", "经度", "类型", "名称", "社区"],
        ["31.2", "107.5", "药房", "大药房", "翠屏社区"],
    ])
    run(path, tree.community)
    p = ServicePoint.objects.get()
    assert (p.category, str(p.lat), str(p.lng)) == ("pharmacy", "31.200000", "107.500000")


def test_staff_import_only_into_their_own_area(tree, office_list):
    from shequ.core.errors import NotFound
    from shequ.testing import factories

    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    with pytest.raises(NotFound):
        run(office_list, tree.community, actor=outsider)
