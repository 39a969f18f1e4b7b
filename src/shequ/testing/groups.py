"""Keep the tests that share an expensive fixture on one xdist worker (``--dist loadgroup``).

``make test`` runs ``pytest -n 2 --dist loadgroup``. A module whose tests share a module-
or class-scoped fixture (a demo loaded once, a served database, a district set up by the
script) must run on one worker, or each worker builds that fixture again: spread out, the
set-up script and the role tour's server ran once per worker, a third of the suite's time.

xdist's own ``loadgroup`` marks a test by appending ``@group`` to ``item._nodeid``; pytest 9
keeps node ids elsewhere, so the mark is silently lost and every test is scheduled alone.
Here the workers write the groups they found (node id → group) to a file named by the
controller, and the controller's scheduler reads it once every worker has collected.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

ENV = "SHEQU_XDIST_GROUPS"


def group_of(item: pytest.Item) -> str | None:
    """The item's ``xdist_group`` mark, else its module when it uses one of our module- or
    class-scoped fixtures (pytest-django's and unittest's own are class-scoped everywhere,
    and named with a leading underscore)."""
    mark = item.get_closest_marker("xdist_group")
    if mark:
        return str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
    info = getattr(item, "_fixtureinfo", None)
    for name, defs in (info.name2fixturedefs.items() if info else ()):
        d = defs[-1]
        if d.scope in ("module", "class") and d.baseid and not name.startswith("_"):
            return item.nodeid.split("::")[0]
    return None


def configure(config: pytest.Config) -> None:
    """On the controller of a ``loadgroup`` run: name the file the workers will fill (the
    workers inherit the environment). The mark is declared here too, for runs without
    xdist (``-p no:xdist``) under ``--strict-markers``."""
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")
    if hasattr(config, "workerinput") or config.getoption("dist", "no") != "loadgroup":
        return
    fd, path = tempfile.mkstemp(prefix="shequ-xdist-groups-", suffix=".json")
    os.close(fd)
    os.environ[ENV] = path
    config.add_cleanup(lambda: Path(path).unlink(missing_ok=True))


def record(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker: write node id → group for the grouped items (atomically; every worker
    collects the same items and writes the same map)."""
    path = os.environ.get(ENV)
    if not path or not hasattr(config, "workerinput"):
        return
    groups = {item.nodeid: g for item in items if (g := group_of(item))}
    tmp = f"{path}.{config.workerinput['workerid']}"
    Path(tmp).write_text(json.dumps(groups), encoding="utf-8")
    os.replace(tmp, path)


class GroupScheduling(LoadScopeScheduling):
    """``loadscope`` whose scopes are the recorded groups, and each other test alone; the
    groups (more than one test) are handed out first, the single tests fill in after."""

    _groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:
            text = Path(os.environ[ENV]).read_text(encoding="utf-8") if ENV in os.environ else ""
            self._groups = json.loads(text) if text else {}
        return self._groups.get(nodeid, nodeid)
