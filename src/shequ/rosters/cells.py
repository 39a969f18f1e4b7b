"""Turning what people typed into roster cells into canonical values.

Each ``parse_*`` takes a raw cell (str, float, int, date or None as the reader returns it)
and returns the canonical value, or raises :class:`CellError` naming a stable code, the
field and a message a community secretary can act on. Nothing here guesses: a value that
cannot be read with certainty is rejected with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shequ.core.validators import IdNumber, halfwidth, parse_id_number, parse_phone

# ID numbers past 2**53 cannot be held exactly by a float: Excel already lost digits.
_EXACT_FLOAT_LIMIT = 2**53
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


class CellError(Exception):
    def __init__(self, code: str, field: str, message: str):
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message


@lru_cache(maxsize=65536)
def _text_str(value: str) -> str:
    return _SPACES.sub(" ", halfwidth(value)).strip()


@lru_cache(maxsize=65536)
def _compact_str(value: str) -> str:
    return _SPACES.sub("", halfwidth(value))


def clear_caches() -> None:
    _text_str.cache_clear()
    _compact_str.cache_clear()


def text(value) -> str:
    """A cell as trimmed text: full-width ASCII to half-width, any run of spaces to one."""
    if type(value) is str:
        return _text_str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _SPACES.sub(" ", halfwidth(str(value))).strip()


def compact(value) -> str:
    """Text with every space removed (codes, numbers, addresses)."""
    if type(value) is str:
        return _compact_str(value)
    return _SPACES.sub("", text(value))


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not _SPACES.sub("", value))


def parse_id(value) -> IdNumber:
    if isinstance(value, float) and (not value.is_integer() or value >= _EXACT_FLOAT_LIMIT):
        raise CellError(
            "id_scientific", "id_number",
            _("The ID number was stored by Excel as a number and its last digits are lost "
              "(%(v)s); re-enter it as text.") % {"v": f"{value:.5E}"},
        )
    raw = compact(value).lstrip("'`")
    if "*" in raw:
        raise CellError("id_masked", "id_number",
                        _("The ID number is masked; a masked export cannot be imported."))
    try:
        return parse_id_number(raw)
    except ValidationError as exc:
        err = exc.error_list[0]
        message = err.message % err.params if err.params else err.message
        raise CellError(err.code or "id_invalid", "id_number", str(message)) from None


def parse_phone_cell(value) -> str:
    """Canonical phone, or "" for an empty cell."""
    raw = compact(value).lstrip("'`")
    if not raw:
        return ""
    if raw.endswith(".0") and raw[:-2].isdigit():
        raw = raw[:-2]
    if "*" in raw:
        raise CellError("phone_masked", "phone",
                        _("The phone is masked; a masked export cannot be imported."))
    try:
        return parse_phone(raw)
    except ValidationError as exc:
        err = exc.error_list[0]
        message = err.message % err.params if err.params else err.message
        raise CellError(err.code or "phone_format", "phone", str(message)) from None


_DATE_RE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:T?\d{1,2}:[\d:.]+)?$")
_DATE_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def _serial(n: float) -> dt.date:
    if not 1 <= n < 2958466:
        raise ValueError(n)
    days = int(n)
    # Excel's day 60 is the non-existent 1900-02-29; earlier serials count from 1899-12-31.
    return _EXCEL_EPOCH + dt.timedelta(days=days if days >= 61 else days + 1)


def parse_date(value, field: str = "birth_date") -> dt.date | None:
    """Excel date cells, Excel serial numbers and text such as 1980-05-17, 1980/5/17,
    1980.05.17, 19800517 or 1980年5月17日. None for an empty cell."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _serial(float(value))
        raw = compact(value)
        m = _DATE_RE.match(raw) or _DATE_COMPACT_RE.match(raw)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if re.fullmatch(r"\d{1,5}(\.0)?", raw):
            return _serial(float(raw))
    except (ValueError, OverflowError):
        pass
    raise CellError("date_format", field,
                    _("Cannot read the date %(v)s; write it as 1980-05-17.") % {"v": text(value)})


GENDERS = {"男": "M", "男性": "M", "M": "M", "MALE": "M", "1": "M",
           "女": "F", "女性": "F", "F": "F", "FEMALE": "F", "2": "F"}
GENDER_LABELS = {"M": "男", "F": "女"}


def parse_gender(value) -> str | None:
    raw = compact(value).upper()
    if not raw:
        return None
    try:
        return GENDERS[raw]
    except KeyError:
        raise CellError("gender_unknown", "gender",
                        _("Unknown gender %(v)s; write 男 or 女.") % {"v": text(value)}) from None


def _table(groups: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: code for code, aliases in groups.items() for alias in aliases}


# Canonical Chinese label first in each tuple: exports write it, imports read every alias.
RELATION_ALIASES = {
    "head": ("户主", "本人", "户主本人"),
    "spouse": ("配偶", "妻", "妻子", "夫", "丈夫", "之妻", "之夫", "爱人"),
    "child": ("子女", "子", "女", "儿子", "女儿", "长子", "次子", "三子", "长女", "次女", "三女",
              "独子", "独女", "养子", "养女", "继子", "继女", "之子", "之女"),
    "parent": ("父母", "父亲", "母亲", "父", "母", "继父", "继母", "养父", "养母"),
    "grandchild": ("孙子女", "孙子", "孙女", "外孙", "外孙子", "外孙女", "孙"),
    "grandparent": ("祖父母", "祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆"),
    "sibling": ("兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹", "兄弟", "姐妹"),
    "child_in_law": ("儿媳/女婿", "儿媳", "女婿", "儿媳妇", "媳妇"),
    "other": ("其他", "其它", "亲属", "其他亲属", "保姆", "租户", "借住"),
}
POLITICAL_ALIASES = {
    "masses": ("群众",),
    "cpc_member": ("中共党员", "党员", "中国共产党党员", "共产党员"),
    "cpc_probationary": ("中共预备党员", "预备党员"),
    "cyl_member": ("共青团员", "团员"),
    "democratic_party": ("民主党派", "民革党员", "民盟盟员", "民建会员", "民进会员",
                         "农工党党员", "致公党党员", "九三学社社员", "台盟盟员"),
    "non_partisan": ("无党派人士", "无党派民主人士", "无党派"),
}
RESIDENCE_ALIASES = {
    "registered": ("户籍人口", "户籍", "本地户籍", "户籍人员", "常住户籍", "本地户籍人口",
                   "本地人口"),
    "floating": ("流动人口", "流动", "外来人口", "暂住人口", "暂住", "流动人员", "外来人员",
                 "暂住人员", "外地户籍"),
    # 寄住: lives in a household here without holding 户籍 here (registry.ResidenceType)
    "lodging": ("寄住人口", "寄住", "寄住人员"),
}
_RELATIONS = _table(RELATION_ALIASES)
_POLITICAL = _table(POLITICAL_ALIASES)
_RESIDENCE = _table(RESIDENCE_ALIASES)


def label(aliases: dict[str, tuple[str, ...]], code: str) -> str:
    return aliases[code][0]


def _choice(value, table: dict[str, str], aliases: dict, code: str, field: str) -> str | None:
    raw = compact(value)
    if not raw:
        return None
    try:
        return table[raw]
    except KeyError:
        accepted = "、".join(a[0] for a in aliases.values())
        raise CellError(code, field, _("Unknown value %(v)s; use one of: %(a)s")
                        % {"v": raw, "a": accepted}) from None


def parse_relation(value) -> str | None:
    return _choice(value, _RELATIONS, RELATION_ALIASES, "relation_unknown", "relation")


def parse_political_status(value) -> str | None:
    return _choice(value, _POLITICAL, POLITICAL_ALIASES, "political_status_unknown",
                   "political_status")


def parse_residence_type(value) -> str | None:
    return _choice(value, _RESIDENCE, RESIDENCE_ALIASES, "residence_type_unknown",
                   "residence_type")
