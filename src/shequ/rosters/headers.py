"""Finding the header row of a roster and what each column means.

Rosters kept by hand put a title (often merged across the sheet) and blank rows above the
header, sometimes split the address header over two rows (现住址 over 小区/楼栋/单元/房号),
and name the same column in many ways. The header is the row among the first
``SCAN_ROWS`` that matches the most known column names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.errors import DomainError
from shequ.rosters.errors import RosterErrorCode

from .cells import compact

SCAN_ROWS = 15

# field -> accepted header names. The first name is the one exports write.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "no", "no.", "序"),
    "name": ("姓名", "居民姓名", "人员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "id_number": ("身份证号码", "身份证号", "公民身份号码", "公民身份证号码", "身份证",
                  "身份证件号码", "身份号码", "证件号码", "证件号"),
    "birth_date": ("出生日期", "出生年月日", "出生年月", "生日"),
    "phone": ("联系电话", "手机号", "电话", "手机号码", "手机", "联系方式", "电话号码", "移动电话"),
    "compound": ("小区", "小区名称", "所在小区", "院落", "小区院落"),
    "building": ("楼栋", "楼栋号", "栋", "幢", "楼号", "栋号"),
    "entrance": ("单元", "单元号"),
    "room": ("房号", "房间号", "门牌号", "门牌", "室", "户号"),
    "address": ("现住址", "居住地址", "住址", "家庭住址", "现居住地址", "现居地址", "居住地",
                "详细地址", "地址"),
    "hukou_address": ("户籍地址", "户籍地", "户口所在地", "户籍所在地"),
    "relation": ("与户主关系", "与户主的关系", "关系", "家庭关系"),
    "political_status": ("政治面貌",),
    "residence_type": ("人员类别", "人口类别", "人员类型", "人口类型", "户籍类型", "居住类型",
                       "类别", "户籍性质", "人口属性", "人员属性", "户籍类别"),
    "tags": ("特殊人群", "人员标签", "标签", "特殊群体", "重点人群", "关爱对象", "人群标签"),
    "note": ("备注", "说明"),
}
FIELD_LABELS = {
    "seq": gettext_lazy("Row number"), "name": gettext_lazy("Name"),
    "gender": gettext_lazy("Gender"), "ethnicity": gettext_lazy("Ethnicity"),
    "id_number": gettext_lazy("ID number"), "birth_date": gettext_lazy("Birth date"),
    "phone": gettext_lazy("Phone"), "compound": gettext_lazy("Compound"),
    "building": gettext_lazy("Building"), "entrance": gettext_lazy("Unit entrance"),
    "room": gettext_lazy("Room"), "address": gettext_lazy("Address"),
    "hukou_address": gettext_lazy("Registered address"),
    "relation": gettext_lazy("Relation to head"),
    "political_status": gettext_lazy("Political status"),
    "residence_type": gettext_lazy("Residence type"), "note": gettext_lazy("Note"),
    "tags": gettext_lazy("Special groups"),
}
# Recognised but not kept by Shequ: shown in the preview, never stored.
NOT_STORED = {"seq", "hukou_address"}
ADDRESS_PARTS = ("compound", "building", "entrance", "room")

_ALIAS_TO_FIELD = {a: f for f, aliases in FIELD_ALIASES.items() for a in aliases}
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")


def header_key(value) -> str:
    """Normalise a header cell: no spaces, no required-marks, no bracketed hints."""
    raw = _BRACKETS.sub("", compact(value)).replace("*", "").replace("＊", "")
    return raw.rstrip(":：").lower()


def field_of(value) -> str | None:
    return _ALIAS_TO_FIELD.get(header_key(value))


@dataclass
class Header:
    row_index: int  # 0-based index of the last header row
    columns: dict[str, int]  # field -> 0-based column
    labels: dict[str, str]  # field -> header text as written
    ignored: list[str] = field(default_factory=list)  # header texts of unused columns
    width: int = 0
    cells: list[str] = field(default_factory=list)  # header text of every column

    @property
    def data_start(self) -> int:
        return self.row_index + 1

    def mapping(self) -> list[dict]:
        return [{"field": f, "column": self.labels[f], "index": i, "stored": f not in NOT_STORED}
                for f, i in sorted(self.columns.items(), key=lambda kv: kv[1])]


def _matches(row: list) -> dict[int, str]:
    out = {}
    for i, cell in enumerate(row):
        f = field_of(cell)
        if f:
            out[i] = f
    return out


def detect_header(rows: list[list]) -> Header:
    """The best header among the first rows; raises DomainError when none is usable."""
    best_i, best = -1, {}
    for i, row in enumerate(rows[:SCAN_ROWS]):
        found = _matches(row)
        if len(set(found.values())) > len(set(best.values())):
            best_i, best = i, found
    fields = set(best.values())
    if len(fields) < 3 or not fields & {"name", "id_number"}:
        raise DomainError(
            _("No header row found in the first %(n)d rows: the roster needs columns such as "
              "姓名, 身份证号码 and an address.") % {"n": SCAN_ROWS},
            code=RosterErrorCode.NO_HEADER, field="file")
    header_rows = [rows[best_i]]
    row_index = best_i
    # A second header row beneath (现住址 over 小区/楼栋/单元/房号) fills or refines columns.
    if best_i + 1 < len(rows):
        below = _matches(rows[best_i + 1])
        if len(below) >= 2 and not any(f in fields for f in below.values() if f != "address"):
            best = {i: f for i, f in best.items() if i not in below or f != "address"}
            best.update(below)
            header_rows.append(rows[best_i + 1])
            row_index = best_i + 1
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    width = max(len(r) for r in header_rows)
    header_cells = []
    for i in range(width):
        texts = [compact(r[i]) for r in header_rows if i < len(r) and compact(r[i])]
        header_cells.append(texts[-1] if texts else "")
        f = best.get(i)
        if f and f not in columns:
            columns[f] = i
            labels[f] = next(t for t in reversed(texts) if field_of(t) == f)
        elif texts:
            ignored.append(next(str(r[i]).strip() for r in reversed(header_rows)
                                if i < len(r) and compact(r[i])))
    missing = [f for f in ("name", "id_number") if f not in columns]
    has_address = "address" in columns or {"building", "entrance", "room"} <= set(columns)
    if missing or not has_address:
        names = [FIELD_ALIASES[f][0] for f in missing]
        if not has_address:
            names.append(_("现住址 (or 楼栋, 单元 and 房号)"))
        raise DomainError(_("Required columns are missing: %(c)s") % {"c": ", ".join(names)},
                          code=RosterErrorCode.MISSING_COLUMNS, field="file")
    return Header(row_index=row_index, columns=columns, labels=labels, ignored=ignored,
                  width=width, cells=header_cells)


_FOOTER_RE = re.compile(r"^(合计|总计|小计|共计|制表|审核|填表|填报|负责人|签字|签名|盖章|"
                        r"注[:：]|说明[:：]|备注[:：]|统计|日期[:：]|联系人[:：])")


def is_footer(row: list) -> bool:
    """Totals and signature lines (合计, 制表人, 审核人…) at the foot of a sheet."""
    for cell in row:
        raw = compact(cell)
        if raw:
            return bool(_FOOTER_RE.match(raw))
    return False
