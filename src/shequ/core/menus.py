"""The navigation registry. Apps register their menu entries in ``AppConfig.ready()`` so the
shell (base template) never imports them. An entry shows when the user may open its page:
``action`` is either an action the user must hold somewhere (``None``: every signed-in
user) or, when the page asks more than that, the page's own predicate ``(user) -> bool``,
the very function its view calls, so the bar and the page never disagree (one rule).

Entries sit in one of the shell's groups (``GROUPS``), shown as drop-down menus so a
community worker's thirty-odd pages fit one bar on a phone; an entry without a group (the
home page) stands alone, and a group the user has only one entry in shows that entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str  # lazy translation
    url_name: str
    action: str | Callable[[object], bool] | None
    order: int = 100
    icon: str = ""
    group: str = ""


# key: (label, order). The order of the bar; entries keep their own order inside a group.
GROUPS = {
    "people": (pgettext_lazy("menu group", "People"), 10),
    "party": (pgettext_lazy("menu group", "Party"), 20),
    "cases": (pgettext_lazy("menu group", "Casework"), 30),
    "volunteering": (pgettext_lazy("menu group", "Volunteering"), 40),
    "activities": (pgettext_lazy("menu group", "Activities"), 50),
    "mine": (pgettext_lazy("menu group", "Mine"), 80),
    "admin": (pgettext_lazy("menu group", "Administration"), 90),
}

_items: dict[str, MenuItem] = {}


def register(item: MenuItem) -> None:
    if item.group and item.group not in GROUPS:
        raise ValueError(f"menu item {item.key}: unknown group {item.group!r}")
    _items[item.key] = item


def allows(user, rule: str | Callable[[object], bool] | None) -> bool:
    """Whether ``user`` passes a menu entry's (or home panel's) rule: ``None`` everyone
    signed in, a string an action held somewhere, a callable the page's own predicate."""
    if rule is None:
        return True
    if callable(rule):
        return bool(rule(user))
    return user.can(rule)


def items_for(user) -> list[dict]:
    """The entries ``user`` may open, in order, each URL once."""
    out, seen = [], set()
    for item in sorted(_items.values(), key=lambda i: (i.order, i.key)):
        if not allows(user, item.action):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        if url in seen:
            continue
        seen.add(url)
        out.append({"key": item.key, "label": item.label, "url": url, "icon": item.icon,
                    "group": item.group})
    return out


def nav_for(items: list[dict]) -> list[dict]:
    """``items_for``'s entries arranged for the bar: stand-alone links and groups, each
    group ``{"group", "label", "children"}``; a group of one becomes that link."""
    # Stand-alone links keep their registered order (home first, then the dashboard).
    loose = [(0, n, i) for n, i in enumerate(items) if not i["group"]]
    grouped: dict[str, list[dict]] = {}
    for item in items:
        if item["group"]:
            grouped.setdefault(item["group"], []).append(item)
    out = sorted(loose, key=lambda t: t[:2])
    for key, members in grouped.items():
        label, order = GROUPS[key]
        entry = members[0] if len(members) == 1 else {"group": key, "label": label,
                                                       "children": members}
        out.append((order, key, entry))
    return [entry for _order, _key, entry in sorted(out, key=lambda t: t[:2])]
