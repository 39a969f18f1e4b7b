"""Builders for roster files: small workbooks and CSVs made in the test itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from shequ.testing import factories

SAMPLE = Path(__file__).parent / "data" / "roster-sample.xlsx"
HEADER = ["序号", "姓名", "性别", "身份证号码", "联系电话", "小区", "楼栋", "单元", "房号",
          "与户主关系"]


def person(n: int, *, gender: str = "M", birth: dt.date = dt.date(1980, 5, 17)) -> str:
    return factories.make_id_number(birth=birth, gender=gender, serial=n)


def row(n: int, name: str = "张三", *, id_number: str | None = None, phone="13800000000",
        address=("金竹苑", "7栋", "2单元", "302"), relation="子女", gender="男"):
    return [n, name, gender, id_number or person(n), phone, *address, relation]


@pytest.fixture
def book(tmp_path):
    """book(rows, header=HEADER, top=[...], name=...) -> path of an .xlsx written with
    openpyxl; ``top`` rows go above the header (titles); ``merge`` merges cell ranges."""
    counter = iter(range(1, 1000))

    def make(rows, header=HEADER, top=(), merge=(), name=None):
        wb = Workbook()
        ws = wb.active
        for t in top:
            ws.append(list(t))
        if header is not None:
            ws.append(list(header))
        for r in rows:
            ws.append(list(r))
        for rng in merge:
            ws.merge_cells(rng)
        path = tmp_path / (name or f"roster{next(counter)}.xlsx")
        wb.save(path)
        return path

    return make


@pytest.fixture
def csv_file(tmp_path):
    def make(lines: list[list], encoding="utf-8-sig", name="roster.csv"):
        text = "\r\n".join(",".join(str(c) for c in line) for line in lines) + "\r\n"
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return make


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def api(client, staff):
    """The test client authenticated as ``staff`` with an API token."""
    client.defaults.update(factories.bearer(staff))
    return client
