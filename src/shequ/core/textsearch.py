"""Normalised search keys for Chinese names: simplified form, full pinyin, initials.

Search treats 張三 and 张三, "zhangsan" and "zs" as the same person. The writer of a name
stores these keys (see registry services); the reader turns a query into a prefix range.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc
from pypinyin import lazy_pinyin

_T2S = opencc.OpenCC("t2s")
_HAN = re.compile(r"[\u3400-\u9fff]")
# Upper bound for prefix ranges: sorts after every character used in names.
RANGE_END = "\U0010ffff"


@lru_cache(maxsize=200_000)
def to_simplified(text: str) -> str:
    return _T2S.convert(text)


@lru_cache(maxsize=200_000)
def name_keys(name: str) -> tuple[str, str, str]:
    """(simplified, full pinyin, initials) for a personal name, lowercase, no spaces."""
    simple = to_simplified(re.sub(r"\s+", "", name))
    syllables = [s for s in lazy_pinyin(simple, errors="ignore") if s.strip()]
    pinyin = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables).lower()
    return simple, pinyin, initials


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


def prefix_range(prefix: str) -> tuple[str, str]:
    """(lower, upper) bounds so that ``lower <= col < upper`` is ``col.startswith(prefix)``
    and an ordinary B-tree index serves it (LIKE does not on SQLite)."""
    return prefix, prefix + RANGE_END
