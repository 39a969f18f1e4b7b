"""Sections other apps add to a record's page (a building's 平安楼栋 rating on the
building page), registered in their manifest (``AppManifest.sections``) so the page's app
never imports them.

A section names the page it belongs on (``page``: "territory.building"…), the template
that draws it and ``data(user, obj)``, which reads through the app's selectors and returns
the template's context or ``None`` when there is nothing to show (or the user may not see
it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    page: str
    template: str
    data: Callable[[object, object], dict | None]
    order: int = 100


_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.key] = section


def sections_for(page: str, user, obj) -> list[dict]:
    """The sections of ``page`` for ``obj`` that ``user`` gets, in order."""
    out = []
    for s in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        if s.page != page:
            continue
        data = s.data(user, obj)
        if data is not None:
            out.append({"key": s.key, "template": s.template, "data": data})
    return out
