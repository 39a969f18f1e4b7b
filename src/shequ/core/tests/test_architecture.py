"""Structural rules that keep the scoping layer the only door to people's data, and the
permission policies the only judge of who may do what."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps

from shequ.core.scoping import ScopedQuerySet

SRC = Path(__file__).resolve().parents[2]
# Every module that serves HTTP (pages, the JSON API in one file, a package or api_*.py
# files, and an app cut into sub-domains one level down: volunteers/needs/views.py…):
# they reach scoped data through selectors and ask permission of a policy.
ENTRY_POINTS = sorted({p for pattern in ("*/views.py", "*/views/*.py", "*/views_*.py", "*/*_views.py",
                                         "*/api.py", "*/api/*.py", "*/api_*.py",
                                         "*/*/views.py", "*/*/api.py")
                       for p in SRC.glob(pattern) if "tests" not in p.parts})


def scoped_models() -> list[type]:
    """Every model whose manager hands out a ScopedQuerySet (derived, not listed by hand)."""
    return [m for m in apps.get_models()
            if any(issubclass(mg._queryset_class, ScopedQuerySet) for mg in m._meta.managers)]


# Read only through selectors although not territory-scoped by the engine.
ALSO_GUARDED = ["AuditEvent"]


def _raw_access():
    names = sorted({m.__name__ for m in scoped_models()} | set(ALSO_GUARDED))
    return re.compile(r"\b(" + "|".join(names) + r")\.(objects|_default_manager|_base_manager)\b")


def test_scoped_models_are_derived_from_the_engine():
    names = {m.__name__ for m in scoped_models()}
    # a sample of each kind: territory, registry, casework, volunteering, the newer modules
    assert {"Area", "Resident", "PartyMember", "Case", "Volunteer", "ServicePost",
            "Course", "DataRequest"} <= names
    assert len(names) >= 37


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_do_not_query_scoped_models_directly(path):
    raw = _raw_access()
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if raw.search(line)
    ]
    assert not offenders, "use a selector (scoped) instead:\n" + "\n".join(offenders)


ENGINE_CALLS = re.compile(r"\.covers_path\(|\.scope_for\(|\bscoping\.(may|require_at)\b")


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_ask_the_policy_not_the_engine(path):
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if ENGINE_CALLS.search(line)
    ]
    assert not offenders, "ask the model's policy (core.policies) instead:\n" + \
        "\n".join(offenders)


def test_entry_points_are_found():
    names = {str(p.relative_to(SRC)) for p in ENTRY_POINTS}
    assert "members/api.py" in names and "registry/views.py" in names
    assert {"volunteers/needs/api.py", "volunteers/points/views.py"} <= names, \
        "the modules of an app cut into sub-domains are checked"


def test_the_api_mounts_every_router_by_import():
    """``add_router`` with a dotted string hides the import from the import-linter layers;
    every app's router is imported, so the contract checks the API's layer."""
    tree = ast.parse((SRC / "api" / "api.py").read_text())
    mounts = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
              and getattr(node.func, "attr", "") == "add_router"]
    assert mounts
    for call in mounts:
        router = call.args[1]
        assert not (isinstance(router, ast.Constant) and isinstance(router.value, str)), \
            f"router mounted by string: {router.value}"
    imported = {node.module.split(".")[1] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("shequ.")
                and any(alias.name == "api" for alias in node.names)}
    apps_with_api = {p.parent.name for p in SRC.glob("*/api.py") if p.parent.name != "api"}
    assert apps_with_api <= imported, "every app's api module is imported"


SPREADSHEET_WRITERS = re.compile(r"\bimport openpyxl\b|\bfrom openpyxl\b|\bxlsxwriter\b|"
                                 r"\bcsv\.(writer|DictWriter)\b")


def test_only_core_downloads_writes_spreadsheets():
    """Every CSV and XLSX the system hands out goes through core.downloads, whose one cell
    rule keeps typed text from becoming a formula; no module writes them on its own."""
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts and path != SRC / "core" / "downloads.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if SPREADSHEET_WRITERS.search(line)
    ]
    assert not offenders, "write spreadsheets through shequ.core.downloads:\n" + \
        "\n".join(offenders)
