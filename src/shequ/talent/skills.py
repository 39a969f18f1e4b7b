"""Skill tags: one spelling per skill, so a demand's 电工 meets a profile's 電工 and
"Excel " meets "excel". A list of tags is stored as one comma-joined column (sorted,
unique), which the matching index splits once."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from shequ.core.errors import DomainError
from shequ.core.textsearch import to_simplified

SEPARATORS = re.compile(r"[,，、;；/|\n]+")
MAX_TAGS = 20
MAX_TAG = 20
# Common variants written for the same skill.
SYNONYMS = {"电脑": "计算机", "开车": "驾驶", "c1驾照": "驾驶", "会计证": "会计",
            "ms office": "office", "英文": "英语"}


def normalise_tag(raw: str) -> str:
    tag = to_simplified(re.sub(r"\s+", " ", raw).strip().lower())
    return SYNONYMS.get(tag, tag)


def normalise(raw: str | Iterable[str], *, field: str = "skills") -> str:
    """Tags as stored: simplified, lowercase, synonyms folded, sorted, comma-joined.
    Refuses more than MAX_TAGS tags or one longer than MAX_TAG characters."""
    parts = SEPARATORS.split(raw) if isinstance(raw, str) else list(raw)
    tags = sorted({normalise_tag(p) for p in parts if p and p.strip()})
    tags = [t for t in tags if t]
    if len(tags) > MAX_TAGS:
        raise DomainError(_("At most %(n)d skills.") % {"n": MAX_TAGS}, field=field)
    if any(len(t) > MAX_TAG for t in tags):
        raise DomainError(_("A skill is at most %(n)d characters.") % {"n": MAX_TAG},
                          field=field)
    return ",".join(tags)
