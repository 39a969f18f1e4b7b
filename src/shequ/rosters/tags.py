"""Special groups (特殊人群, 人员标签) in a roster: one cell lists several, separated as offices
write them (、，,；;/ or spaces), each read as one of the registry's tags by its name, its code
or one of the words below. A word that names no tag refuses the row, listing the tags known;
the same tag twice in a cell counts once."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from shequ.registry.models import Tag

from .cells import CellError, compact

# tag code -> further words offices use for it (the tag's own name and code always count)
TAG_ALIASES: dict[str, tuple[str, ...]] = {
    "elderly_alone": ("独居老人", "独居", "独居老年人", "独居长者"),
    "disabled": ("残疾人", "残疾", "残疾人员", "残障人士", "残障", "持证残疾人"),
    "subsistence": ("低保", "低保户", "低保对象", "低保人员", "城市低保", "农村低保",
                    "最低生活保障"),
    "veteran": ("退役军人", "退伍军人", "复员军人", "转业军人", "退役士兵", "退伍老兵"),
    "left_behind_child": ("留守儿童",),
    "key_person": ("重点人员",),
}
_SEPARATORS = re.compile(r"[、，,；;/／|｜\s]+")
NONE_WORDS = {"无", "否", "/", "-", "—", "无特殊", "不是"}  # 无: the cell says "none"


class TagReader:
    """The tag table, loaded once per import."""

    def __init__(self) -> None:
        self.by_word: dict[str, int] = {}
        self.names: list[str] = []
        for tag in Tag.objects.order_by("id"):
            self.names.append(tag.name)
            words = (tag.name, tag.code, *TAG_ALIASES.get(tag.code, ()))
            for word in words:
                self.by_word.setdefault(compact(word).lower(), tag.pk)

    def parse(self, value) -> tuple[int, ...] | None:
        """The ids of the tags a cell names, in order; None for a blank cell or 无."""
        raw = compact(value)
        if not raw or raw in NONE_WORDS:
            return None
        ids: list[int] = []
        unknown: list[str] = []
        for word in _SEPARATORS.split(str(value).strip()):
            if not word or word in NONE_WORDS:
                continue
            tag_id = self.by_word.get(compact(word).lower())
            if tag_id is None:
                unknown.append(word)
            elif tag_id not in ids:
                ids.append(tag_id)
        if unknown:
            raise CellError("tag_unknown", "tags",
                            _("Unknown special group %(v)s; use one of: %(a)s")
                            % {"v": "、".join(unknown), "a": "、".join(self.names)})
        return tuple(ids) or None
