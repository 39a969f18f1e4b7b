"""Structural rules that keep the scoping layer the only door to people's data."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
# Files that turn requests into calls: they must reach scoped data through selectors.
# An app cut into sub-domains (volunteers/needs/views.py…) keeps them one level down.
ENTRY_POINTS = [p for pattern in ("*/views.py", "*/views/*.py", "*/api.py", "*/api/*.py",
                                  "*/*/views.py", "*/*/api.py")
                for p in SRC.glob(pattern)]
SCOPED_MODELS = ["Resident", "PartyMember", "Household", "Building", "Entrance", "Area",
                 "Unit", "PartyOrg", "AuditEvent", "Case"]
RAW_ACCESS = re.compile(
    r"\b(" + "|".join(SCOPED_MODELS) + r")\.(objects|_default_manager|_base_manager)\b"
)


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=lambda p: str(p.relative_to(SRC)))
def test_views_and_api_do_not_query_scoped_models_directly(path):
    offenders = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_ACCESS.search(line)
    ]
    assert not offenders, "use a selector (scoped) instead:\n" + "\n".join(offenders)


def test_entry_points_are_found():
    assert ENTRY_POINTS, "the glob found no views or API modules to check"


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
