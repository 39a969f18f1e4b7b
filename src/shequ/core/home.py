"""The home page's panels. Each app registers what a user has to do in its area (a grid
worker's open cases, the staff's queues, a resident's sign-ups and points) in
``AppConfig.ready()``; the home page shows the panels the user may see, in order, and never
imports the apps.

A panel's ``data(user)`` reads through the app's selectors and returns one shape the shell
draws (``web/_home_panel.html``), or ``None`` when there is nothing to show:

    {"title": str,
     "action": {"label", "url"} | None,             # one big button (走访登记)
     "figures": [{"n", "label", "url", "alert"}],    # counts, alert ones in red when > 0
     "rows": [{"title", "meta", "url", "alert"}],    # a few items, most urgent first
     "more": {"label", "url"} | None,
     "empty": str}                                   # said when figures and rows are empty
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import menus


@dataclass(frozen=True)
class HomePanel:
    key: str
    data: Callable[[object], dict | None]
    # Who sees it: an action held somewhere, or a predicate (as ``menus.MenuItem.action``).
    action: str | Callable[[object], bool] | None
    order: int = 100


_panels: dict[str, HomePanel] = {}


def register(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def panels_for(user) -> list[dict]:
    """The panels ``user`` may see, in order, each with its data (``None`` ones left out)."""
    out = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if not menus.allows(user, panel.action):
            continue
        data = panel.data(user)
        if data is not None:
            out.append({"key": panel.key, **data})
    return out


def works_communities(scope) -> bool:
    """Whether a scope is a community or smaller (community staff, not a street or district
    administrator, whose home keeps the scope counts rather than one community's queues).
    Paths are district.street.community[.grid]: a community's has two dots."""
    return bool(scope.paths) and all(p.count(".") >= 2 for p in scope.paths)
