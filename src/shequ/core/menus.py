"""The navigation registry. Apps register their menu entries in ``AppConfig.ready()`` so the
shell (base template) never imports them. An entry shows when the user holds ``action``
somewhere (``None``: every signed-in user)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str  # lazy translation
    url_name: str
    action: str | None
    order: int = 100
    icon: str = ""


_items: dict[str, MenuItem] = {}


def register(item: MenuItem) -> None:
    _items[item.key] = item


def items_for(user) -> list[dict]:
    out = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        if item.action is not None and not user.can(item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        out.append({"key": item.key, "label": item.label, "url": url, "icon": item.icon})
    return out
